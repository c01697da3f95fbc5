"""Where the keyboard focus goes (RGAA 4, criterion 12.8), in Chromium, driven by the keyboard only.

In the supervisor portal, after a row's button the focus stays on the row's new button (not the top of
the page), also across the table's polling; in the test, after each answer it lands on the next
question's heading.
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone
from playwright.sync_api import Dialog, Page, expect

from candidates.models import Candidate
from centres.models import CertificationCentre
from tests.accounts.factories import PASSWORD, UserFactory
from tests.browser.a11y import assert_accessible
from tests.browser.conftest import login
from tests.candidates.factories import CandidateFactory
from tests.certification.factories import bank, course_by_hand, user_profile
from tests.sessions_app.factories import SessionFactory

ACTIVE_ID = "document.activeElement && document.activeElement.id"


def _tab_to(page: Page, element_id: str, limit: int = 80) -> None:
    """Press Tab until the element has the focus, as a keyboard user does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(ACTIVE_ID) == element_id:
            return
    raise AssertionError(f"#{element_id} jamais atteint au clavier (focus sur #{page.evaluate(ACTIVE_ID)})")


def _tab_until(page: Page, condition: str, limit: int = 40) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(condition):
            return
    raise AssertionError(f"jamais atteint au clavier : {condition}")


def _open_portal(page: Page, base: str, session_pk: int, password: str) -> None:
    supervisor = UserFactory(email="surveillante@lycee.fr")
    login(page, base, supervisor.email, PASSWORD)
    page.goto(f"{base}/surveillance/")
    page.get_by_label("Numéro de session").fill(str(session_pk))
    page.get_by_label("Mot de passe de session").fill(password)
    page.get_by_role("button", name="Surveiller la session").click()
    expect(page).to_have_url(f"{base}/surveillance/sessions/{session_pk}/")


def test_the_focus_stays_on_the_row_after_each_button_of_the_portal(
    page: Page, live_server: object, centre: CertificationCentre
) -> None:
    base = live_server.url  # type: ignore[attr-defined]
    session = SessionFactory(centre=centre, supervisor_password="B7KD3HMP")
    lea = CandidateFactory(session=session, first_name="Léa", last_name="Dupont")
    hugo = CandidateFactory(session=session, first_name="Hugo", last_name="Martin", user=UserFactory())
    course_by_hand(candidate=hugo, positions={"1.1": (2, 16)}, questions=[("1.1", None, False)] * 3)
    _open_portal(page, base, session.pk, "B7KD3HMP")

    # « Confirmer la présence » with the keyboard: the page comes back with the focus on « Annuler la présence ».
    _tab_to(page, f"confirmer-presence-{lea.pk}")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Présence de Léa Dupont confirmée")
    expect(page.locator(f"#annuler-presence-{lea.pk}")).to_be_focused()
    assert page.url.endswith(f"#candidat-{lea.pk}")
    # … and the next Tab goes on along the row, not from the top of the page.
    page.keyboard.press("Tab")
    assert page.evaluate(ACTIVE_ID) == f"incidents-{lea.pk}"

    # Cancel it: back on « Confirmer la présence ».
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    expect(page.locator(f"#confirmer-presence-{lea.pk}")).to_be_focused()

    # The table refreshes itself every 5 s: the focus survives the swap.
    page.wait_for_timeout(6_000)
    expect(page.locator(f"#confirmer-presence-{lea.pk}")).to_be_focused()

    # Another supervisor confirms Léa meanwhile: her button is gone after the poll, the focus goes to her new one.
    Candidate.objects.filter(pk=lea.pk).update(authorized_to_start_until=timezone.now() + dt.timedelta(minutes=15))
    expect(page.locator(f"#annuler-presence-{lea.pk}")).to_be_focused(timeout=12_000)

    # A running test: « Autoriser la reprise » keeps the focus on it; « Terminer le test » moves it to the incident link.
    _tab_to(page, f"autoriser-reprise-{hugo.pk}")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Reprise du test autorisée pour Hugo Martin")
    expect(page.locator(f"#autoriser-reprise-{hugo.pk}")).to_be_focused()
    page.once("dialog", lambda dialog: dialog.accept())
    _tab_to(page, f"terminer-test-{hugo.pk}")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Le test de Hugo Martin est terminé.")
    expect(page.locator(f"#incidents-{hugo.pk}")).to_be_focused()

    # Closing access: the focus lands on the new state of access.
    dialogs: list[Dialog] = []
    page.once("dialog", lambda dialog: (dialogs.append(dialog), dialog.accept()))
    _tab_to(page, "fermer-acces")
    page.keyboard.press("Enter")
    expect(page.locator("#acces-session")).to_have_text("Accès fermé")
    expect(page.locator("#acces-session")).to_be_focused()
    assert dialogs
    assert_accessible(page, context="portail après les actions au clavier")


def test_after_each_answer_the_focus_is_on_the_next_questions_heading(page: Page, live_server: object) -> None:
    base = live_server.url  # type: ignore[attr-defined]
    bank()
    session = SessionFactory(access_code="KBPM47")
    user = UserFactory(email="lea.dupont@exemple.fr")
    user_profile(user)
    CandidateFactory(
        session=session, first_name="Léa", last_name="Dupont", birthdate=dt.date(2008, 3, 14),
        authorized_to_start_until=timezone.now() + dt.timedelta(minutes=15),
    )
    login(page, base, user.email, PASSWORD)
    page.goto(f"{base}/certification/")
    page.get_by_label("Numéro de session").fill(str(session.pk))
    page.get_by_label("Code d'accès").fill("KBPM47")
    page.get_by_label("Prénom").fill("Léa")
    page.get_by_label("Nom de naissance").fill("Dupont")
    page.get_by_label("Date de naissance").fill("14/03/2008")
    page.get_by_role("button", name="Commencer mon test").click()

    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(re.compile(r"Question 1 / 15\s+Consigne"))
    expect(heading).to_be_focused()
    for position in (2, 3):
        # Keyboard only: Tab to the first proposal, choose it with Space (or type), then Tab to « Je valide ».
        _tab_until(page, "['radio', 'checkbox', 'text'].includes(document.activeElement.type)")
        if page.evaluate("document.activeElement.type") == "text":
            page.keyboard.type("une réponse")
        else:
            page.keyboard.press("Space")
        _tab_until(page, "document.activeElement.textContent.trim() === 'Je valide'")
        page.keyboard.press("Enter")
        expect(page.get_by_text(f"Question {position} / 15")).to_be_visible()
        expect(page.get_by_role("heading", level=1)).to_be_focused()
        assert page.evaluate(ACTIVE_ID) == "titre-question"
    assert_accessible(page, context="question, focus sur le titre")

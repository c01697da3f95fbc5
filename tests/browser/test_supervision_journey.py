"""A supervisor's journey in the portal (DOMAIN.md §4), in Chromium.

Log in with their own account, open the session with its number and password (a wrong one first),
watch the candidates (the table refreshes itself through htmx, no reload), confirm a presence,
record an incident, close access. Every page passes axe's « serious »/« critical » rules.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.utils import timezone
from playwright.sync_api import Dialog, Page, expect

from candidates.models import Candidate
from centres.models import CertificationCentre
from finalisation.models import IssueReport
from sessions_app.models import Session
from tests.accounts.factories import PASSWORD, UserFactory
from tests.browser.a11y import assert_accessible
from tests.browser.conftest import login
from tests.candidates.factories import CandidateFactory
from tests.sessions_app.factories import SessionFactory


def test_supervisor_opens_the_session_confirms_a_presence_and_closes_access(
    page: Page, live_server: object, centre: CertificationCentre, shots_dir: Path
) -> None:
    base = live_server.url  # type: ignore[attr-defined]
    supervisor = UserFactory(email="surveillante@lycee.fr", first_name="Claire", last_name="Bernard")
    session = SessionFactory(centre=centre, address="Lycée Victor Hugo", room="Salle 12", supervisor_password="B7KD3HMP")
    lea = CandidateFactory(session=session, first_name="Léa", last_name="Dupont", extra_time_percentage=33)
    hugo = CandidateFactory(session=session, first_name="Hugo", last_name="Martin")

    login(page, base, supervisor.email, PASSWORD)
    page.goto(f"{base}/surveillance/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Espace surveillant")
    assert_accessible(page, context="espace surveillant")

    # A wrong password first: the one message for every wrong pair.
    page.get_by_label("Numéro de session").fill(str(session.pk))
    page.get_by_label("Mot de passe de session").fill("C-AAAAAAAA")
    page.get_by_role("button", name="Surveiller la session").click()
    expect(page.get_by_text("Le numéro de session et/ou le mot de passe saisis sont incorrects.")).to_be_visible()
    assert_accessible(page, context="espace surveillant, mot de passe erroné")

    # The right one, typed in lower case without its « C- ».
    page.get_by_label("Numéro de session").fill(str(session.pk))
    page.get_by_label("Mot de passe de session").fill("b7kd3hmp")
    page.get_by_role("button", name="Surveiller la session").click()
    expect(page).to_have_url(f"{base}/surveillance/sessions/{session.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Session n° {session.pk}")
    expect(page.locator("#acces-session")).to_have_text("Accès ouvert")
    rows = page.locator("#surveillance-en-direct tbody tr")
    expect(rows).to_have_count(2)
    expect(page.locator(f"#candidat-{lea.pk}")).to_contain_text("Non démarré")
    expect(page.locator(f"#candidat-{lea.pk}")).to_contain_text("33 %")
    assert_accessible(page, context="portail de la session")
    # htmx runs from the static file, configured by supervision.js: no style of its own injected.
    assert page.evaluate("window.htmx.config.includeIndicatorStyles") is False
    assert page.evaluate("[...document.querySelectorAll('style')].some(s => s.textContent.includes('htmx'))") is False

    # Confirm Léa's presence: her badge appears.
    page.get_by_role("button", name="Confirmer la présence de Léa Dupont").click()
    expect(page.get_by_role("status")).to_contain_text("Présence de Léa Dupont confirmée")
    expect(page.locator(f"#candidat-{lea.pk}")).to_contain_text("Présence confirmée jusqu'à")
    assert Candidate.objects.get(pk=lea.pk).authorized_to_start_until is not None

    # Meanwhile another supervisor confirms Hugo: the table shows it within seconds, without a reload.
    Candidate.objects.filter(pk=hugo.pk).update(authorized_to_start_until=timezone.now() + dt.timedelta(minutes=15))
    expect(page.locator(f"#candidat-{hugo.pk}")).to_contain_text("Présence confirmée jusqu'à", timeout=12_000)
    expect(page.get_by_role("status")).to_contain_text("Présence de Léa Dupont confirmée")  # no reload happened
    page.screenshot(path=str(shots_dir / "supervision_portal.png"), full_page=True)

    # An incident for Léa: an E code needs its question number.
    page.get_by_role("link", name="Signaler un incident pour Léa Dupont").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Signaler un incident pour Léa Dupont")
    assert_accessible(page, context="signaler un incident")
    page.get_by_label("Catégorie").select_option("E4")
    page.get_by_role("button", name="Enregistrer le signalement").click()
    expect(page.get_by_text("Le numéro de la question est obligatoire pour ce code.")).to_be_visible()
    assert_accessible(page, context="signaler un incident, erreur")
    page.get_by_label("Numéro de la question").fill("17")
    page.get_by_role("button", name="Enregistrer le signalement").click()
    expect(page.get_by_role("status")).to_contain_text("Incident E4 enregistré pour Léa Dupont.")
    assert IssueReport.objects.get().question_number == 17
    page.get_by_role("link", name="Retour à la session").first.click()

    # Close access, after the confirmation: the badge changes and no presence can be confirmed any more.
    dialogs: list[str] = []

    def accept(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.accept()

    page.once("dialog", accept)
    page.get_by_role("button", name="Fermer l'accès à la session").click()
    expect(page.locator("#acces-session")).to_have_text("Accès fermé")
    assert dialogs and dialogs[0].startswith("Fermer l’accès à la session ?")
    expect(page.get_by_role("status")).to_contain_text("L'accès à la session est fermé")
    expect(page.get_by_role("button", name="Fermer l'accès à la session")).to_have_count(0)
    expect(page.get_by_role("button", name="Confirmer la présence")).to_have_count(0)
    assert Session.objects.get(pk=session.pk).admissions_closed_at is not None
    assert_accessible(page, context="portail, accès fermé")
    page.screenshot(path=str(shots_dir / "supervision_closed.png"), full_page=True)

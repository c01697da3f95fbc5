"""After a power cut, a centre administrator postpones the session in Chromium (issue 15, item 1).

Léa Arnaud finished, Noé Bernard's test was running, Zoé Colin and Yanis Dumas had not started: the form
says who goes and who stays, the new session holds the three who did not finish, both session pages say who
went where, and the old one still offers its finalisation. Every page passes axe (tests/browser/a11y.py);
screenshots at 1280 and 375 px go to the shots directory for a human to look at.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.utils import timezone
from playwright.sync_api import Page, expect

from centres.models import CertificationCentre
from certification.models import CertificationCourse, CourseStatus
from sessions_app.models import Session
from tests.accounts.factories import PASSWORD
from tests.browser.a11y import assert_accessible
from tests.browser.conftest import login
from tests.candidates.factories import CandidateFactory
from tests.finalisation.finalise_helpers import exam_day


def _shoot(page: Page, shots_dir: Path, name: str) -> None:
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(shots_dir / f"{name}-{width}.png"), full_page=True)
        if width == 375:
            assert_accessible(page, context=f"{name} à 375 px")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_centre_admin_postpones_an_interrupted_session_with_its_candidates(
    page: Page, live_server: Any, admin: Any, centre: CertificationCentre, shots_dir: Path
) -> None:
    base = live_server.url
    day = exam_day(centre)
    CandidateFactory(session=day.session, first_name="Zoé", last_name="Colin")
    CandidateFactory(session=day.session, first_name="Yanis", last_name="Dumas")
    new_date = timezone.localdate() + dt.timedelta(days=7)
    login(page, base, admin.email, PASSWORD)

    page.goto(f"{base}/sessions/{day.session.pk}/")
    page.get_by_role("link", name="Reporter la session").click()
    expect(page.get_by_text("2 candidats n'ont pas commencé leur test : ils passent dans la nouvelle session.")).to_be_visible()
    expect(page.get_by_text("1 candidat a commencé son test sans le terminer", exact=False)).to_be_visible()
    expect(page.get_by_text("1 candidat a terminé son test : il reste dans cette session, à finaliser.")).to_be_visible()
    assert_accessible(page, context="formulaire de report avec candidats")
    _shoot(page, shots_dir, "report-formulaire")
    page.get_by_label("Nouvelle date").fill(new_date.isoformat())
    page.get_by_label("Nouvelle heure de début (heure locale)").fill("09:00")
    page.get_by_role("button", name="Reporter la session").click()

    new = Session.objects.exclude(pk=day.session.pk).get()
    expect(page).to_have_url(f"{base}/sessions/{new.pk}/")
    expect(page.get_by_text(f"3 candidats sont venus de la session n° {day.session.pk} :")).to_be_visible()
    expect(page.get_by_text("Noé Bernard — test interrompu dans la session d'origine")).to_be_visible()
    expect(page.get_by_role("link", name="Candidats (3)")).to_be_visible()
    assert_accessible(page, context="nouvelle session avec les candidats reportés")
    _shoot(page, shots_dir, "report-nouvelle-session")

    page.get_by_role("link", name=f"Voir la session n° {day.session.pk}").click()
    expect(page.get_by_text(f"3 candidats sont passés dans la session n° {new.pk} :")).to_be_visible()
    expect(page.get_by_text("Noé Bernard — test commencé ici, terminé pour « Problème technique »")).to_be_visible()
    expect(page.get_by_text("1 candidat a terminé son test et reste dans cette session, à finaliser :")).to_be_visible()
    expect(page.get_by_role("link", name="Reporter la session")).to_have_count(0)
    expect(page.get_by_role("link", name="Finaliser la session")).to_be_visible()
    assert_accessible(page, context="ancienne session après report")
    _shoot(page, shots_dir, "report-ancienne-session")

    # The old session's finalisation: Noé's test is already ended, nothing left to ask about it.
    page.get_by_role("link", name="Finaliser la session").click()
    expect(page.locator(f"#candidat-{day.running.pk}").get_by_label("Raison de l'abandon")).to_have_count(0)
    assert CertificationCourse.objects.get(pk=day.running_course.pk).status == CourseStatus.ENDED_BY_FINALISATION

"""A centre member finalises a session in Chromium: the three steps, autosave, upload, confirmation.

Data: two candidates, Léa Arnaud who finished her test and Noé Bernard whose test is still running.
Every step passes axe's « serious »/« critical » rules (tests/browser/a11y.py).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from centres.models import CertificationCentre
from certification.models import CertificationCourse, CourseStatus
from finalisation.models import IssueReport, SessionFinalisation
from sessions_app.models import Session, SessionStatus
from tests.accounts.factories import PASSWORD
from tests.browser.a11y import assert_accessible
from tests.browser.conftest import login
from tests.finalisation.finalise_helpers import exam_day

AUTOSAVE = re.compile(r"/finalisation/enregistrer/$")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 128


def test_a_member_finalises_a_session_through_the_three_steps(
    page: Page, live_server: Any, admin: Any, centre: CertificationCentre, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    day = exam_day(centre)
    base = live_server.url
    login(page, base, admin.email, PASSWORD)

    page.goto(f"{base}/sessions/{day.session.pk}/")
    page.get_by_role("link", name="Finaliser la session").click()

    # Step 1: reports and ends of test.
    expect(page.get_by_role("heading", name="Signalements et fins de test")).to_be_visible()
    assert_accessible(page, context="finalisation, étape 1")
    noe = page.locator(f"#candidat-{day.running.pk}")
    noe.get_by_label("Catégorie").select_option("E4")
    noe.get_by_label("Numéro de la question").fill("2")
    noe.get_by_role("button", name="Ajouter le signalement").click()
    expect(page.get_by_text("Le signalement de Noé Bernard a été ajouté.")).to_be_visible()
    noe = page.locator(f"#candidat-{day.running.pk}")
    noe.get_by_label("Catégorie").select_option("C7")
    noe.get_by_role("button", name="Ajouter le signalement").click()
    expect(page.get_by_text("La description est obligatoire pour ce code.")).to_be_visible()
    assert_accessible(page, context="finalisation, étape 1 avec une erreur")
    page.goto(f"{base}/sessions/{day.session.pk}/finalisation/")

    # Each change is saved on its own; wait for each save (SQLite's live server takes one writer at a time).
    with page.expect_response(AUTOSAVE):
        page.locator(f"#candidat-{day.finished.pk}").get_by_label("Écran de fin du test vu").check(force=True)
    expect(page.locator("#autosave-statut")).to_have_text("Enregistré")
    with page.expect_response(AUTOSAVE):
        page.locator(f"#candidat-{day.running.pk}").get_by_label("Raison de l'abandon").select_option("technical")
    expect(page.locator("#autosave-statut")).to_have_text("Enregistré")
    # Closing the browser loses nothing: a fresh page shows what was chosen.
    page.reload()
    expect(page.locator(f"#candidat-{day.running.pk}").get_by_label("Raison de l'abandon")).to_have_value("technical")
    expect(page.locator(f"#candidat-{day.finished.pk}").get_by_label("Écran de fin du test vu")).to_be_checked()
    page.get_by_role("button", name="Enregistrer et continuer").click()

    # Step 2: global comment, boxes, scanned document.
    expect(page.get_by_role("heading", name="Commentaire et documents")).to_be_visible()
    assert_accessible(page, context="finalisation, étape 2")
    with page.expect_response(AUTOSAVE):
        page.get_by_label("Commentaire global").fill("Coupure réseau de 10 minutes à 10 h.")
    expect(page.locator("#autosave-statut")).to_have_text("Enregistré")
    with page.expect_response(AUTOSAVE):
        page.get_by_label("nécessitant un temps supplémentaire").check(force=True)  # DSFR draws the box on the label
    page.get_by_label("Feuille d'émargement ou PV d'incident numérisé").set_input_files(
        {"name": "emargement.png", "mimeType": "image/png", "buffer": PNG}
    )
    page.get_by_role("button", name="Enregistrer et continuer").click()

    # Step 3: summary and confirmation.
    expect(page.get_by_role("heading", name="Confirmation")).to_be_visible()
    expect(
        page.get_by_text("Attention : il ne vous sera plus possible de modifier ces informations par la suite.")
    ).to_be_visible()
    expect(page.get_by_text("Coupure réseau de 10 minutes à 10 h.")).to_be_visible()
    assert_accessible(page, context="finalisation, étape 3")
    page.get_by_role("button", name="Finaliser la session").click()

    expect(page.get_by_text(f"La session n° {day.session.pk} a été finalisée.")).to_be_visible()
    expect(page.get_by_text("Finalisée le")).to_be_visible()
    expect(page.get_by_role("link", name="Finaliser la session")).to_have_count(0)
    assert_accessible(page, context="session finalisée")

    session = Session.objects.get(pk=day.session.pk)
    assert session.status != SessionStatus.CREATED and session.finalised_at is not None
    course = CertificationCourse.objects.get(pk=day.running_course.pk)
    assert course.status == CourseStatus.ENDED_BY_FINALISATION and course.abort_reason == "technical"
    finalisation = SessionFinalisation.objects.get(session=session)
    assert finalisation.incident_with_extra_time and finalisation.scanned_document.name.endswith(".png")
    assert list(IssueReport.objects.values_list("code", "question_number")) == [("E4", 2)]

"""Every field of every step of the finalisation wizard survives the round trip in Chromium (issue 15, item 3).

Each field is set the way a user sets it (a click on the visible box, a choice, typing), saved by autosave
alone, read back after a reload, shown in the step-3 summary, changed again after « Étape précédente » and
shown changed. Léa Arnaud finished without the supervisor portal (her box is asked), Noé Bernard's test is
still running and the portal followed him (his box is not asked: the page says why). axe on every step.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from centres.models import CertificationCentre
from certification.models import AbortReason
from finalisation import services
from finalisation.models import CertificationReport, SessionFinalisation
from finalisation.services import finalisation_save_draft
from sessions_app.services import session_event_record
from tests.accounts.factories import PASSWORD
from tests.browser.a11y import assert_accessible
from tests.browser.conftest import login
from tests.finalisation.finalise_helpers import exam_day

AUTOSAVE = re.compile(r"/finalisation/enregistrer/$")
EXTRA_TIME = "Un ou plusieurs candidats ont eu un incident technique nécessitant un temps supplémentaire"
COULD_NOT_JOIN = "Un ou plusieurs candidats étaient présents en session mais n'ont pas pu rejoindre la session"


def _summary(page: Page, term: str) -> str:
    return page.locator(".pix-dl dt", has_text=term).locator("xpath=following-sibling::dd[1]").inner_text().strip()


def _shoot(page: Page, shots_dir: Path, name: str) -> None:
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(shots_dir / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_every_field_of_every_step_makes_the_round_trip(
    page: Page, live_server: Any, admin: Any, centre: CertificationCentre, shots_dir: Path
) -> None:
    base = live_server.url
    day = exam_day(centre)
    session_event_record(
        session=day.session, kind="candidate.presence_confirmed", by=admin, now=day.session.started_at,
        candidate=day.running.pk, name="Noé Bernard",
    )
    login(page, base, admin.email, PASSWORD)
    page.goto(f"{base}/sessions/{day.session.pk}/finalisation/")

    # Step 1: Léa's box is asked, Noé's is not, and the page says why.
    lea = page.locator(f"#candidat-{day.finished.pk}")
    noe = page.locator(f"#candidat-{day.running.pk}")
    expect(noe.get_by_label("Écran de fin du test vu")).to_have_count(0)
    expect(noe.get_by_text("Écran de fin du test : pas demandé ici.", exact=False)).to_be_visible()
    assert_accessible(page, context="étape 1, un candidat suivi dans l'espace surveillant")
    _shoot(page, shots_dir, "finalisation-etape-1")
    with page.expect_response(AUTOSAVE):
        lea.locator("label", has_text="Écran de fin du test vu").click()  # the visible box, as a user does
    expect(page.locator("#autosave-statut")).to_have_text("Enregistré")
    with page.expect_response(AUTOSAVE):
        noe.get_by_label("Raison de l'abandon").select_option("candidate")
    expect(page.locator("#autosave-statut")).to_have_text("Enregistré")
    page.reload()
    expect(lea.get_by_label("Écran de fin du test vu")).to_be_checked()
    expect(noe.get_by_label("Raison de l'abandon")).to_have_value("candidate")
    page.get_by_role("button", name="Enregistrer et continuer").click()

    # Step 2: the comment (typed, saved after a pause) and both boxes, each by autosave alone.
    expect(page.get_by_role("heading", name="Commentaire et documents")).to_be_visible()
    with page.expect_response(AUTOSAVE):
        page.get_by_label("Commentaire global").press_sequentially("Coupure réseau à 10 h.")
    expect(page.locator("#autosave-statut")).to_have_text("Enregistré")
    with page.expect_response(AUTOSAVE):
        page.locator("label", has_text=EXTRA_TIME).click()
    expect(page.locator("#autosave-statut")).to_have_text("Enregistré")
    with page.expect_response(AUTOSAVE):
        page.locator("label", has_text=COULD_NOT_JOIN).click()
    expect(page.locator("#autosave-statut")).to_have_text("Enregistré")
    finalisation = SessionFinalisation.objects.get(session=day.session)
    assert (finalisation.global_comment, finalisation.incident_with_extra_time, finalisation.candidates_could_not_join) == (
        "Coupure réseau à 10 h.", True, True,
    )
    page.reload()
    expect(page.get_by_label("Commentaire global")).to_have_value("Coupure réseau à 10 h.")
    expect(page.get_by_label(EXTRA_TIME)).to_be_checked()
    expect(page.get_by_label(COULD_NOT_JOIN)).to_be_checked()
    assert_accessible(page, context="étape 2 relue")
    _shoot(page, shots_dir, "finalisation-etape-2")
    page.get_by_role("button", name="Enregistrer et continuer").click()

    # Step 3: the summary shows what was chosen.
    expect(page.get_by_role("heading", name="Confirmation")).to_be_visible()
    assert _summary(page, "Commentaire global") == "Coupure réseau à 10 h."
    assert _summary(page, "Incident ayant nécessité un temps supplémentaire") == "Oui"
    assert _summary(page, "Candidats présents n'ayant pas pu rejoindre la session") == "Oui"
    row_lea = page.get_by_role("row", name=re.compile("Léa Arnaud"))
    row_noe = page.get_by_role("row", name=re.compile("Noé Bernard"))
    expect(row_lea).to_contain_text("Oui")
    expect(row_noe).to_contain_text("Suivi dans l'espace surveillant")
    expect(row_noe).to_contain_text("Abandon : Manque de temps ou départ prématuré")
    assert_accessible(page, context="étape 3")
    _shoot(page, shots_dir, "finalisation-etape-3")

    # Back one step: the boxes are still ticked; untick one, and the summary follows.
    page.get_by_role("link", name="Étape précédente").click()
    expect(page.get_by_label(EXTRA_TIME)).to_be_checked()
    with page.expect_response(AUTOSAVE):
        page.locator("label", has_text=EXTRA_TIME).click()
    expect(page.locator("#autosave-statut")).to_have_text("Enregistré")
    page.get_by_role("button", name="Enregistrer et continuer").click()
    expect(page.get_by_role("heading", name="Confirmation")).to_be_visible()
    assert _summary(page, "Incident ayant nécessité un temps supplémentaire") == "Non"
    assert _summary(page, "Candidats présents n'ayant pas pu rejoindre la session") == "Oui"

    # Back to step 1: Léa's box unticked, and the summary says « Non ».
    page.goto(f"{base}/sessions/{day.session.pk}/finalisation/")
    with page.expect_response(AUTOSAVE):
        page.locator(f"#candidat-{day.finished.pk}").locator("label", has_text="Écran de fin du test vu").click()
    expect(page.locator("#autosave-statut")).to_have_text("Enregistré")
    assert not CertificationReport.objects.get(candidate=day.finished).end_screen_seen
    page.goto(f"{base}/sessions/{day.session.pk}/finalisation/confirmation/")
    expect(page.get_by_role("row", name=re.compile("Léa Arnaud"))).to_contain_text("Non")


def test_a_save_still_on_its_way_does_not_undo_the_box_ticked_just_before_continuing(
    page: Page, live_server: Any, admin: Any, centre: CertificationCentre, monkeypatch: Any
) -> None:
    """The cause of « Non » at step 3 (issue 15): the user types the comment, the pause sends a save of the form
    as it was (box not ticked yet); he ticks the box (that save waits its turn) and clicks « Enregistrer et
    continuer » at once. If the first save reaches the database after the submission, it writes the box back to
    False. Here that save is made slow on purpose; the submission must wait for it."""
    day = exam_day(centre)
    finalisation_save_draft(
        session=day.session, by=admin, changes={"reports": {day.running.pk: {"abort_reason": AbortReason.CANDIDATE}}}
    )
    real_save = services.finalisation_save_draft

    def slow_when_unticked(**kwargs: Any) -> Any:
        if kwargs["changes"].get("incident_with_extra_time") is False:
            time.sleep(1.5)  # a slow network or a busy server, on the save sent before the box was ticked
        return real_save(**kwargs)

    monkeypatch.setattr(services, "finalisation_save_draft", slow_when_unticked)
    base = live_server.url
    login(page, base, admin.email, PASSWORD)
    page.goto(f"{base}/sessions/{day.session.pk}/finalisation/informations/")
    with page.expect_request(AUTOSAVE):
        page.get_by_label("Commentaire global").press_sequentially("Coupure")
    page.locator("label", has_text=EXTRA_TIME).click()
    page.get_by_role("button", name="Enregistrer et continuer").click()
    expect(page.get_by_role("heading", name="Confirmation")).to_be_visible(timeout=15_000)
    page.wait_for_timeout(2000)  # whatever was still on its way has arrived
    page.reload()
    assert _summary(page, "Incident ayant nécessité un temps supplémentaire") == "Oui"
    assert _summary(page, "Commentaire global") == "Coupure"
    assert SessionFinalisation.objects.get(session=day.session).incident_with_extra_time

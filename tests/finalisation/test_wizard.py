"""The finalisation wizard's pages: steps, autosave round trip, report add/delete, refusals."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from centres.models import CertificationCentre
from certification.models import CertificationCourse, CourseStatus
from finalisation.models import CertificationReport, IssueReport, IssueSource, SessionFinalisation
from finalisation.services import issue_report_record
from sessions_app.models import SessionStatus
from sessions_app.services import session_event_record
from tests.accounts.factories import UserFactory
from tests.candidates.factories import CandidateFactory
from tests.certification.factories import course_by_hand
from tests.finalisation.finalise_helpers import ExamDay, exam_day
from tests.sessions_app.factories import SessionFactory

TASK_DELAY = "finalisation.services.session_auto_jury_task.delay"


@pytest.fixture
def day(centre: CertificationCentre) -> ExamDay:
    return exam_day(centre)


def _url(day: ExamDay, name: str) -> str:
    return {
        "step1": f"/sessions/{day.session.pk}/finalisation/",
        "step2": f"/sessions/{day.session.pk}/finalisation/informations/",
        "step3": f"/sessions/{day.session.pk}/finalisation/confirmation/",
        "autosave": f"/sessions/{day.session.pk}/finalisation/enregistrer/",
        "add": f"/sessions/{day.session.pk}/finalisation/signalements/ajouter/",
    }[name]


def test_it_shows_step_one_with_the_abort_reason_only_for_the_unfinished_test(
    day: ExamDay, member_client: Client
) -> None:
    response = member_client.get(_url(day, "step1"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "fr-stepper" in html and "Signalements et fins de test" in html
    assert f'name="abort_reason_{day.running.pk}"' in html
    assert f'name="abort_reason_{day.finished.pk}"' not in html
    assert f'name="end_screen_seen_{day.finished.pk}"' in html


def test_it_hides_the_end_screen_box_of_a_candidate_the_portal_followed_and_says_why(
    day: ExamDay, member_client: Client, admin: User
) -> None:
    session_event_record(
        session=day.session, kind="candidate.presence_confirmed", by=admin, now=day.session.started_at,
        candidate=day.running.pk,
    )
    html = member_client.get(_url(day, "step1")).content.decode()
    assert f"end_screen_seen_{day.running.pk}" not in html
    assert f"end_screen_seen_{day.finished.pk}" in html  # the portal did not follow her: the box is asked
    assert "Écran de fin du test : pas demandé ici. Le surveillant a suivi ce candidat" in html
    summary = member_client.get(_url(day, "step3")).content.decode()
    assert "Suivi dans l&#x27;espace surveillant" in summary or "Suivi dans l'espace surveillant" in summary


def test_it_keeps_step_one_until_every_unfinished_test_has_a_reason(day: ExamDay, member_client: Client) -> None:
    response = member_client.post(_url(day, "step1"), {f"end_screen_seen_{day.finished.pk}": "on"})
    assert response.status_code == 200
    assert "Indiquez la raison de l&#x27;abandon de ce test." in response.content.decode()
    # What was typed is saved all the same.
    assert CertificationReport.objects.get(candidate=day.finished).end_screen_seen
    response = member_client.post(_url(day, "step1"), {f"abort_reason_{day.running.pk}": "technical"})
    assert response.status_code == 302 and response["Location"] == _url(day, "step2")


def test_it_autosaves_and_shows_the_draft_again(day: ExamDay, member_client: Client) -> None:
    response = member_client.post(_url(day, "autosave"), {"etape": "1", f"abort_reason_{day.running.pk}": "candidate"})
    assert response.json() == {"saved": True, "message": "Enregistré"}
    response = member_client.post(
        _url(day, "autosave"), {"etape": "2", "global_comment": "Retard du bus", "candidates_could_not_join": "on"}
    )
    assert response.status_code == 200
    finalisation = SessionFinalisation.objects.get(session=day.session)
    assert finalisation.global_comment == "Retard du bus" and finalisation.candidates_could_not_join
    assert CertificationReport.objects.get(candidate=day.running).abort_reason == "candidate"
    assert "selected>Abandon : Manque de temps" in member_client.get(_url(day, "step1")).content.decode()
    assert "Retard du bus</textarea>" in member_client.get(_url(day, "step2")).content.decode()


def test_it_answers_an_autosave_over_500_characters_with_its_message(day: ExamDay, member_client: Client) -> None:
    response = member_client.post(_url(day, "autosave"), {"etape": "2", "global_comment": "x" * 501})
    assert response.status_code == 400
    assert "500 caractères" in response.json()["message"]
    assert SessionFinalisation.objects.get(session=day.session).global_comment == ""


def test_it_adds_and_deletes_a_report_in_step_one(day: ExamDay, member_client: Client) -> None:
    prefix = f"c{day.running.pk}"
    response = member_client.post(
        _url(day, "add"), {"candidate": day.running.pk, f"{prefix}-code": "E4", f"{prefix}-question_number": "12"}
    )
    assert response.status_code == 302
    report = IssueReport.objects.get()
    assert (report.code, report.question_number, report.source) == ("E4", 12, IssueSource.FINALISATION)
    assert report.course == day.running_course
    response = member_client.post(f"/sessions/{day.session.pk}/finalisation/signalements/{report.pk}/supprimer/")
    assert response.status_code == 302
    assert not IssueReport.objects.exists()


def test_it_refuses_an_e_code_without_question_number_next_to_the_field(day: ExamDay, member_client: Client) -> None:
    prefix = f"c{day.running.pk}"
    response = member_client.post(_url(day, "add"), {"candidate": day.running.pk, f"{prefix}-code": "E1"})
    assert response.status_code == 200
    assert "Le numéro de la question est obligatoire pour ce code." in response.content.decode()
    assert not IssueReport.objects.exists()


def test_it_refuses_a_description_over_500_characters(day: ExamDay, member_client: Client) -> None:
    prefix = f"c{day.running.pk}"
    data = {"candidate": day.running.pk, f"{prefix}-code": "C7", f"{prefix}-description": "x" * 501}
    response = member_client.post(_url(day, "add"), data)
    assert "ne doit pas dépasser 500 caractères (501 saisis)" in response.content.decode()
    assert not IssueReport.objects.exists()


def test_it_refuses_a_report_for_a_candidate_of_another_session(
    day: ExamDay, member_client: Client, centre: CertificationCentre
) -> None:
    other = exam_day(centre)
    prefix = f"c{other.running.pk}"
    response = member_client.post(_url(day, "add"), {"candidate": other.running.pk, f"{prefix}-code": "C6"})
    assert response.status_code == 404


def test_it_uploads_the_document_in_step_two(
    day: ExamDay, member_client: Client, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    fake = SimpleUploadedFile("pv.pdf", b"GIF89a not a pdf", content_type="application/pdf")
    response = member_client.post(_url(day, "step2"), {"scanned_document": fake})
    assert response.status_code == 200
    assert "Le document doit être un fichier PDF, JPEG ou PNG." in response.content.decode()
    real = SimpleUploadedFile("pv.pdf", b"%PDF-1.7\n%%EOF\n", content_type="application/pdf")
    response = member_client.post(_url(day, "step2"), {"scanned_document": real, "incident_with_extra_time": "on"})
    assert response.status_code == 302 and response["Location"] == _url(day, "step3")
    finalisation = SessionFinalisation.objects.get(session=day.session)
    assert finalisation.scanned_document and finalisation.incident_with_extra_time


def test_it_finalises_from_step_three(day: ExamDay, member_client: Client) -> None:
    member_client.post(_url(day, "autosave"), {"etape": "1", f"abort_reason_{day.running.pk}": "technical"})
    html = member_client.get(_url(day, "step3")).content.decode()
    assert "Attention : il ne vous sera plus possible de modifier ces informations par la suite." in html
    with mock.patch(TASK_DELAY):
        response = member_client.post(_url(day, "step3"), follow=True)
    assert response.redirect_chain[-1][0] == f"/sessions/{day.session.pk}/"
    html = response.content.decode()
    assert f"La session n° {day.session.pk} a été finalisée." in html and "Finalisée le" in html
    day.session.refresh_from_db()
    assert day.session.status == SessionStatus.FINALISED
    assert CertificationCourse.objects.get(pk=day.running_course.pk).status == CourseStatus.ENDED_BY_FINALISATION


def test_it_shows_the_refusal_in_step_three_and_changes_nothing(day: ExamDay, member_client: Client) -> None:
    response = member_client.post(_url(day, "step3"), follow=True)
    assert (
        "Indiquez la raison de l&#x27;abandon pour chaque test non terminé (Noé Bernard)." in response.content.decode()
    )
    day.session.refresh_from_db()
    assert day.session.status == SessionStatus.CREATED


def test_it_sends_a_finalised_session_back_to_its_page(day: ExamDay, member_client: Client) -> None:
    member_client.post(_url(day, "autosave"), {"etape": "1", f"abort_reason_{day.running.pk}": "technical"})
    with mock.patch(TASK_DELAY):
        member_client.post(_url(day, "step3"))
    for step in ("step1", "step2", "step3"):
        response = member_client.get(_url(day, step), follow=True)
        assert response.redirect_chain[-1][0] == f"/sessions/{day.session.pk}/"
        assert "La session a déjà été finalisée." in response.content.decode()
    with mock.patch(TASK_DELAY):
        response = member_client.post(_url(day, "step3"), follow=True)
    assert "La session a déjà été finalisée." in response.content.decode()


def test_it_offers_finalisation_only_on_a_started_session(
    day: ExamDay, member_client: Client, centre: CertificationCentre
) -> None:
    button = "Finaliser la session"
    assert button in member_client.get(f"/sessions/{day.session.pk}/").content.decode()
    untouched = SessionFactory(centre=centre)
    assert button not in member_client.get(f"/sessions/{untouched.pk}/").content.decode()
    response = member_client.get(f"/sessions/{untouched.pk}/finalisation/", follow=True)
    assert "Aucun candidat n&#x27;a commencé le test : supprimez plutôt la session." in response.content.decode()


def test_it_answers_not_found_to_a_stranger(day: ExamDay, stranger_client: Client) -> None:
    for name in ("step1", "step2", "step3"):
        assert stranger_client.get(_url(day, name)).status_code == 404
    assert stranger_client.post(_url(day, "autosave"), {"etape": "2", "global_comment": "x"}).status_code == 404
    assert not SessionFinalisation.objects.exists()


def _add_participants(day: ExamDay, count: int, admin: User) -> None:
    """More candidates whose test is still running, each with an incident copied at finalisation."""
    for _n in range(count):
        candidate = CandidateFactory(session=day.session, user=UserFactory(), joined_at=day.session.started_at)
        course_by_hand(candidate=candidate, positions={"1.1": (2, 16)}, questions=[("1.1", "ok", False)])
        issue_report_record(
            candidate=candidate, code="E4", question_number=1, description="", by=admin, source="finalisation"
        )


@pytest.mark.parametrize("step", ["step1", "step3"])
def test_steps_one_and_three_keep_their_number_of_queries_whatever_the_participants(
    day: ExamDay, member_client: Client, admin: User, step: str
) -> None:
    def queries() -> int:
        member_client.get(_url(day, step))  # opens the reports of new participants (one bulk insert)
        with CaptureQueriesContext(connection) as captured:
            response = member_client.get(_url(day, step))
        assert response.status_code == 200
        return len(captured)

    _add_participants(day, 1, admin)
    few = queries()
    _add_participants(day, 6, admin)
    many = queries()
    assert CertificationReport.objects.filter(finalisation__session=day.session).count() == 9
    assert many == few

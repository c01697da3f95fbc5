"""session_finalise and the wizard's services: every guard with its message, nothing half-saved."""

from __future__ import annotations

import datetime as dt
import re
from unittest import mock

import pytest

from accounts.models import User
from centres.models import CertificationCentre
from certification.models import AbortReason, CertificationCourse, CourseStatus
from finalisation.models import CertificationReport, IssueReport, IssueSource, SessionFinalisation
from finalisation.services import (
    FinalisationError,
    IssueReportError,
    finalisation_open,
    finalisation_portal_used,
    finalisation_save_draft,
    issue_report_delete,
    issue_report_record,
    session_finalise,
)
from sessions_app.models import SessionEvent, SessionStatus
from sessions_app.services import session_event_record
from tests.candidates.factories import CandidateFactory
from tests.certification.factories import T0
from tests.finalisation.finalise_helpers import ExamDay, exam_day
from tests.sessions_app.factories import SessionFactory

NOW = T0 + dt.timedelta(hours=3)
TASK_DELAY = "finalisation.services.session_auto_jury_task.delay"


@pytest.fixture
def day(centre: CertificationCentre) -> ExamDay:
    return exam_day(centre)


def _abort(day: ExamDay, admin: User, reason: str = AbortReason.TECHNICAL) -> None:
    finalisation_save_draft(
        session=day.session, by=admin, changes={"reports": {day.running.pk: {"abort_reason": reason}}}, now=NOW
    )


def test_it_opens_one_report_per_candidate_who_joined(day: ExamDay, admin: User) -> None:
    CandidateFactory(session=day.session)  # enrolled, never came
    finalisation = finalisation_open(session=day.session, by=admin, now=NOW)
    finalisation_open(session=day.session, by=admin, now=NOW)
    assert SessionFinalisation.objects.count() == 1
    assert set(finalisation.reports.values_list("candidate_id", flat=True)) == {day.finished.pk, day.running.pk}


def test_it_refuses_to_open_a_session_nobody_started(centre: CertificationCentre, admin: User) -> None:
    with pytest.raises(
        FinalisationError, match=re.escape("Aucun candidat n'a commencé le test : supprimez plutôt la session.")
    ):
        finalisation_open(session=SessionFactory(centre=centre), by=admin)
    assert not SessionFinalisation.objects.exists()


def test_it_saves_a_draft_and_reads_it_back(day: ExamDay, admin: User) -> None:
    finalisation_save_draft(
        session=day.session,
        by=admin,
        changes={
            "global_comment": "  Coupure réseau à 10 h.  ",
            "incident_with_extra_time": True,
            "reports": {day.finished.pk: {"end_screen_seen": True}, day.running.pk: {"abort_reason": "candidate"}},
        },
        now=NOW,
    )
    finalisation = SessionFinalisation.objects.get(session=day.session)
    assert finalisation.global_comment == "Coupure réseau à 10 h."
    assert finalisation.incident_with_extra_time and not finalisation.candidates_could_not_join
    assert finalisation.updated_at == NOW and finalisation.updated_by == admin
    assert CertificationReport.objects.get(candidate=day.finished).end_screen_seen
    assert CertificationReport.objects.get(candidate=day.running).abort_reason == "candidate"
    assert not SessionEvent.objects.filter(session=day.session, kind__startswith="finalisation").exists()


def test_it_refuses_a_global_comment_over_500_characters(day: ExamDay, admin: User) -> None:
    with pytest.raises(FinalisationError, match=r"ne doit pas dépasser 500 caractères \(501 saisis\)") as caught:
        finalisation_save_draft(session=day.session, by=admin, changes={"global_comment": "x" * 501})
    assert caught.value.field == "global_comment"
    assert not SessionFinalisation.objects.exists()


def test_it_refuses_an_unknown_abort_reason(day: ExamDay, admin: User) -> None:
    with pytest.raises(FinalisationError, match="Choisissez une raison d'abandon") as caught:
        finalisation_save_draft(
            session=day.session, by=admin, changes={"reports": {day.running.pk: {"abort_reason": "x"}}}
        )
    assert caught.value.field == f"abort_reason_{day.running.pk}"
    assert not SessionFinalisation.objects.exists()


def test_it_refuses_a_draft_for_a_candidate_of_another_session(
    day: ExamDay, admin: User, centre: CertificationCentre
) -> None:
    other = CandidateFactory(session=SessionFactory(centre=centre))
    with pytest.raises(FinalisationError, match="n'a pas participé à la session"):
        finalisation_save_draft(
            session=day.session, by=admin, changes={"reports": {other.pk: {"end_screen_seen": True}}}
        )
    # Refused inside the transaction: the work in progress it had just opened is rolled back too.
    assert not SessionFinalisation.objects.exists()
    assert not CertificationReport.objects.filter(candidate=other).exists()


def test_it_finalises_the_session_and_ends_the_unfinished_test(day: ExamDay, admin: User) -> None:
    _abort(day, admin)
    with mock.patch(TASK_DELAY) as delay:
        session = session_finalise(session=day.session, by=admin, now=NOW)
    session.refresh_from_db()
    assert session.status == SessionStatus.FINALISED and session.finalised_at == NOW
    running = CertificationCourse.objects.get(pk=day.running_course.pk)
    assert running.status == CourseStatus.ENDED_BY_FINALISATION
    assert running.abort_reason == AbortReason.TECHNICAL and running.ended_at == NOW
    finished = CertificationCourse.objects.get(pk=day.finished_course.pk)
    assert finished.status == CourseStatus.COMPLETED and finished.abort_reason == ""
    event = SessionEvent.objects.get(session=session, kind="session.finalised")
    assert event.actor == admin and event.data == {"courses_ended": [day.running_course.pk]}
    assert delay.call_count == 0  # the test's transaction never commits: see the on-commit test below


def test_it_queues_the_auto_jury_once_committed(
    day: ExamDay, admin: User, django_capture_on_commit_callbacks: object
) -> None:
    _abort(day, admin)
    with mock.patch(TASK_DELAY) as delay, django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        session_finalise(session=day.session, by=admin, now=NOW)
    delay.assert_called_once_with(day.session.pk)


def test_it_refuses_to_finalise_twice(day: ExamDay, admin: User) -> None:
    _abort(day, admin)
    with mock.patch(TASK_DELAY):
        session_finalise(session=day.session, by=admin, now=NOW)
        with pytest.raises(FinalisationError, match=re.escape("La session a déjà été finalisée.")):
            session_finalise(session=day.session, by=admin, now=NOW + dt.timedelta(minutes=1))
    assert SessionEvent.objects.filter(kind="session.finalised").count() == 1
    day.session.refresh_from_db()
    assert day.session.finalised_at == NOW


def test_it_refuses_to_finalise_a_session_nobody_started(centre: CertificationCentre, admin: User) -> None:
    session = SessionFactory(centre=centre)
    with pytest.raises(
        FinalisationError, match=re.escape("Aucun candidat n'a commencé le test : supprimez plutôt la session.")
    ):
        session_finalise(session=session, by=admin)
    session.refresh_from_db()
    assert session.status == SessionStatus.CREATED and session.finalised_at is None


def test_it_refuses_an_unfinished_test_without_abort_reason_and_changes_nothing(day: ExamDay, admin: User) -> None:
    with (
        mock.patch(TASK_DELAY) as delay,
        pytest.raises(
            FinalisationError,
            match=r"Indiquez la raison de l'abandon pour chaque test non terminé \(Noé Bernard\)\.",
        ),
    ):
        session_finalise(session=day.session, by=admin, now=NOW)
    day.session.refresh_from_db()
    assert day.session.status == SessionStatus.CREATED and day.session.finalised_at is None
    course = CertificationCourse.objects.get(pk=day.running_course.pk)
    assert course.status == CourseStatus.STARTED and course.abort_reason == "" and course.ended_at is None
    assert not SessionEvent.objects.filter(kind="session.finalised").exists()
    delay.assert_not_called()


def test_it_refuses_an_e_report_without_question_number_at_finalisation(day: ExamDay, admin: User) -> None:
    with pytest.raises(IssueReportError, match=re.escape("Le numéro de la question est obligatoire pour ce code.")):
        issue_report_record(
            candidate=day.running, code="E1", question_number=None, description="", by=admin, source="finalisation"
        )
    assert not IssueReport.objects.exists()


def test_it_refuses_drafts_reports_and_deletions_once_finalised(day: ExamDay, admin: User) -> None:
    report = issue_report_record(
        candidate=day.running,
        code="C6",
        question_number=None,
        description="",
        by=admin,
        source=IssueSource.FINALISATION,
    )
    _abort(day, admin)
    with mock.patch(TASK_DELAY):
        session_finalise(session=day.session, by=admin, now=NOW)
    with pytest.raises(FinalisationError, match=re.escape("La session a déjà été finalisée.")):
        finalisation_save_draft(session=day.session, by=admin, changes={"global_comment": "Trop tard"})
    with pytest.raises(FinalisationError, match=re.escape("La session a déjà été finalisée.")):
        finalisation_open(session=day.session, by=admin)
    with pytest.raises(FinalisationError, match=re.escape("La session a déjà été finalisée.")):
        issue_report_delete(report=report, by=admin)
    assert IssueReport.objects.filter(pk=report.pk).exists()
    assert SessionFinalisation.objects.get(session=day.session).global_comment == ""


def test_it_deletes_a_report_added_at_finalisation_but_not_a_live_one(day: ExamDay, admin: User) -> None:
    added = issue_report_record(
        candidate=day.running, code="E4", question_number=2, description="", by=admin, source=IssueSource.FINALISATION
    )
    live = issue_report_record(
        candidate=day.running, code="C6", question_number=None, description="", by=admin, source=IssueSource.LIVE
    )
    issue_report_delete(report=added, by=admin, now=NOW)
    assert not IssueReport.objects.filter(pk=added.pk).exists()
    event = SessionEvent.objects.get(kind="incident.deleted")
    assert event.data["code"] == "E4" and event.data["question_number"] == 2
    with pytest.raises(FinalisationError, match=re.escape("Ce signalement a déjà été supprimé.")):
        issue_report_delete(report=added, by=admin)
    with pytest.raises(FinalisationError, match="espace surveillant ne peut pas être supprimé"):
        issue_report_delete(report=live, by=admin)
    assert IssueReport.objects.filter(pk=live.pk).exists()


def test_it_knows_when_the_supervisor_portal_was_used(day: ExamDay, admin: User) -> None:
    assert not finalisation_portal_used(day.session)
    session_event_record(session=day.session, kind="candidate.presence_confirmed", by=admin, now=NOW)
    assert finalisation_portal_used(day.session)


def test_it_counts_a_live_report_as_use_of_the_portal(day: ExamDay, admin: User) -> None:
    issue_report_record(
        candidate=day.running, code="C6", question_number=None, description="", by=admin, source=IssueSource.LIVE
    )
    assert finalisation_portal_used(day.session)

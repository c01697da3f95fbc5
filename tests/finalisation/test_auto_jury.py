"""The auto-jury (DOMAIN.md §6): each code's strategy and its French resolution text, the rescoring,
publishability, idempotency, and the refusal of a session that is not finalised.

Reports are written straight to the database: after finalisation the recording service refuses them,
and what the auto-jury reads is the rows, however they got there.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from candidates.models import Candidate
from certification.models import (
    Answer,
    AssessmentResult,
    CertificationChallenge,
    CertificationCourse,
    CourseStatus,
    ResultStatus,
)
from finalisation.auto_jury import (
    AUTO_JURY_EMITTER,
    AutoJuryError,
    QuestionFacts,
    ReportFacts,
    decide,
    session_auto_jury,
)
from finalisation.models import IssueReport, IssueSource, SessionFinalisation
from referential.models import Challenge
from sessions_app.event_labels import event_label
from sessions_app.models import Session, SessionEvent, SessionStatus
from tests.accounts.factories import UserFactory
from tests.candidates.factories import CandidateFactory
from tests.certification.factories import FIVE, T0, course_by_hand
from tests.sessions_app.factories import SessionFactory

NOW = T0 + dt.timedelta(days=1)
POSITIONS = dict.fromkeys(FIVE, (3, 24))

NEUTRALISED = "La question 1 a été neutralisée."
CORRECT = "La question 1 n'a pas été neutralisée car la réponse est correcte."
WITHOUT_EFFECT = "Pris en compte, sans effet sur le résultat."


def not_neutralised(reason: str) -> str:
    return f"La question 1 n'a pas été neutralisée : {reason}"


# --- Building a finalised session ------------------------------------------------------------------


@pytest.fixture
def session(db: None) -> Session:
    return SessionFactory(status=SessionStatus.FINALISED, started_at=T0, finalised_at=NOW - dt.timedelta(hours=1))


def candidate_in(session: Session) -> Candidate:
    return CandidateFactory(session=session, user=UserFactory())


def finished_course(session: Session, statuses: list[str | None] | None = None) -> CertificationCourse:
    """A completed test of 15 questions, 3 per competence of FIVE; all correct unless ``statuses`` says."""
    statuses = statuses or ["ok"] * 15
    questions = [(FIVE[i // 3], status, False) for i, status in enumerate(statuses)]
    course = course_by_hand(candidate=candidate_in(session), positions=POSITIONS, questions=questions)
    course.status = CourseStatus.COMPLETED
    course.completed_at = T0 + dt.timedelta(minutes=30)
    course.save(update_fields=["status", "completed_at"])
    return course


def question(course: CertificationCourse, number: int) -> CertificationChallenge:
    return CertificationChallenge.objects.select_related("answer").get(course=course, position=number)


def set_challenge(course: CertificationCourse, number: int, **flags: Any) -> None:
    Challenge.objects.filter(pk=question(course, number).challenge_id).update(**flags)


def report(
    course_or_candidate: CertificationCourse | Candidate, code: str, number: int | None = None, description: str = ""
) -> IssueReport:
    if isinstance(course_or_candidate, CertificationCourse):
        candidate, course = course_or_candidate.candidate, course_or_candidate
    else:
        candidate, course = course_or_candidate, None
    if code in {"C1", "C2", "C4", "C7", "C8"} and not description:
        description = "Décrit sur le PV d'incident."
    return IssueReport.objects.create(
        candidate=candidate,
        course=course,
        code=code,
        question_number=number,
        description=description,
        source=IssueSource.FINALISATION,
        created_at=T0 + dt.timedelta(minutes=40),
    )


def latest_result(course: CertificationCourse) -> AssessmentResult:
    return AssessmentResult.objects.filter(course=course).latest()


def run(session: Session) -> Any:
    return session_auto_jury(session_id=session.pk, now=NOW)


# --- One strategy per code, through the service ------------------------------------------------------

# (code, status of question 1, challenge flags, expected resolution, neutralised?, answer status after)
CASES = [
    ("E1", "ko", {"has_image": True}, NEUTRALISED, True, "ko"),
    ("E1", "ok", {"has_image": True}, CORRECT, False, "ok"),
    ("E1", "ko", {}, not_neutralised("la question ne contient pas d'image."), False, "ko"),
    ("E2", "aband", {"has_embed": True}, NEUTRALISED, True, "aband"),
    ("E2", "aband", {}, not_neutralised("la question ne contient pas de simulateur ni d'application."), False, "aband"),
    ("E3", "ko", {"has_attachment": True}, NEUTRALISED, True, "ko"),
    ("E3", "ko", {}, not_neutralised("la question ne contient pas de fichier à télécharger."), False, "ko"),
    *[
        (code, status, {}, expected, neutralised, status)
        for code in ("E4", "E5", "E9", "E11", "E12")
        for status, expected, neutralised in (
            ("ko", NEUTRALISED, True),
            ("aband", NEUTRALISED, True),
            ("ok", CORRECT, False),
        )
    ],
    ("E8", "timedout", {"timer_seconds": 60}, NEUTRALISED, True, "timedout"),
    ("E8", "aband", {"timer_seconds": 60}, NEUTRALISED, True, "aband"),
    ("E8", "ok", {"timer_seconds": 60}, CORRECT, False, "ok"),
    ("E8", "ko", {}, not_neutralised("la question n'est pas chronométrée."), False, "ko"),
    ("E10", "focusedout", {"is_focus": True}, "La réponse à la question 1 a été rétablie (correcte).", False, "ok"),
    ("E10", "aband", {"is_focus": True}, NEUTRALISED, True, "aband"),
    ("E10", "ok", {"is_focus": True}, CORRECT, False, "ok"),
    (
        "E10",
        "ko",
        {"is_focus": True},
        not_neutralised("la réponse n'a été ni passée ni invalidée par une sortie de la page."),
        False,
        "ko",
    ),
    ("E10", "aband", {}, not_neutralised("la question n'est pas une question focus."), False, "aband"),
]


@pytest.mark.parametrize(
    ("code", "status", "flags", "expected", "neutralised", "status_after"),
    CASES,
    ids=[f"{c[0]}-{c[1]}-{'+'.join(c[2]) or 'plain'}" for c in CASES],
)
def test_each_e_code_resolves_question_n_by_its_strategy(
    session: Session,
    code: str,
    status: str,
    flags: dict[str, Any],
    expected: str,
    neutralised: bool,
    status_after: str,
) -> None:
    course = finished_course(session, [status] + ["ok"] * 14)
    set_challenge(course, 1, **flags)
    issue = report(course, code, 1)

    run(session)

    issue.refresh_from_db()
    assert issue.resolution == expected
    assert issue.resolved_at == NOW
    assert issue.is_resolved()
    q1 = question(course, 1)
    assert q1.is_neutralised is neutralised
    assert q1.answer.status == status_after
    assert not CertificationChallenge.objects.filter(course=course, position__gt=1, is_neutralised=True).exists()


@pytest.mark.parametrize("code", ["E1", "E4", "E8", "E10", "E12"])
def test_a_question_number_beyond_the_test_matches_no_question(session: Session, code: str) -> None:
    course = finished_course(session, ["ko"] * 15)
    issue = report(course, code, 16)

    run(session)

    issue.refresh_from_db()
    assert issue.resolution == "Aucune question ne correspond au numéro 16."
    assert issue.is_resolved()
    assert not CertificationChallenge.objects.filter(course=course, is_neutralised=True).exists()


def test_a_question_already_neutralised_is_left_as_it_is(session: Session) -> None:
    course = finished_course(session, ["ko"] + ["ok"] * 14)
    CertificationChallenge.objects.filter(course=course, position=1).update(is_neutralised=True)
    issue = report(course, "E4", 1)

    assert run(session).neutralised == 0

    issue.refresh_from_db()
    assert issue.resolution == "La question 1 était déjà neutralisée."


def test_two_reports_on_one_question_neutralise_it_once(session: Session) -> None:
    course = finished_course(session, ["ko"] + ["ok"] * 14)
    first, second = report(course, "E4", 1), report(course, "E11", 1)

    outcome = run(session)

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.resolution, second.resolution) == (NEUTRALISED, "La question 1 était déjà neutralisée.")
    assert (outcome.resolved, outcome.neutralised) == (2, 1)


def test_a_report_for_a_candidate_who_never_started_is_resolved_without_effect(session: Session) -> None:
    finished_course(session)
    absent = candidate_in(session)
    issue = report(absent, "E4", 3)

    run(session)

    issue.refresh_from_db()
    assert issue.resolution == "Le candidat n'a pas commencé son test : la question 3 n'a pas pu être neutralisée."
    assert issue.is_resolved()
    assert issue.course is None


def test_a_report_recorded_before_the_test_started_finds_the_candidates_test(session: Session) -> None:
    course = finished_course(session, ["ko"] + ["ok"] * 14)
    issue = report(course.candidate, "E4", 1)  # no course on the row

    run(session)

    issue.refresh_from_db()
    assert issue.resolution == NEUTRALISED
    assert issue.course == course
    assert question(course, 1).is_neutralised


@pytest.mark.parametrize("code", ["C1", "C6"])
def test_identity_and_fraud_reports_are_left_to_pix_staff(session: Session, code: str) -> None:
    issue = report(finished_course(session), code)

    outcome = run(session)

    issue.refresh_from_db()
    assert not issue.is_resolved()
    assert issue.resolution == ""
    assert issue.is_impactful
    assert outcome.unresolved == 1


@pytest.mark.parametrize("code", ["C2", "C4", "C7", "C8"])
def test_reports_without_effect_on_the_result_are_noted_as_such(session: Session, code: str) -> None:
    issue = report(finished_course(session), code)

    run(session)

    issue.refresh_from_db()
    assert issue.resolution == WITHOUT_EFFECT
    assert issue.is_resolved()
    assert not issue.is_impactful


def test_an_unanswered_question_of_an_unfinished_test_counts_as_skipped(session: Session) -> None:
    course = finished_course(session, ["ok"] * 10 + [None] * 5)
    CertificationCourse.objects.filter(pk=course.pk).update(
        status=CourseStatus.ENDED_BY_FINALISATION, abort_reason="candidate", completed_at=None
    )
    issue = report(course, "E11", 11)

    run(session)

    issue.refresh_from_db()
    assert issue.resolution == "La question 11 a été neutralisée."
    assert question(course, 11).is_neutralised


# --- The pure decision --------------------------------------------------------------------------------


def test_the_decision_reads_only_the_facts() -> None:
    facts = ReportFacts(code="E4", question_number=7, has_course=True, question=QuestionFacts(answer_status="ko"))
    decision = decide(facts)
    assert (decision.resolved, decision.neutralise, decision.new_answer_status) == (True, True, None)
    assert decision.resolution == "La question 7 a été neutralisée."
    assert decide(ReportFacts(code="C6", question_number=None, has_course=True, question=None)).resolved is False
    assert decide(ReportFacts(code="E9", question_number=40, has_course=True, question=None)).resolution == (
        "Aucune question ne correspond au numéro 40."
    )


# --- Rescoring ------------------------------------------------------------------------------------------


def test_neutralising_a_wrong_answer_raises_reproducibility_and_the_score(session: Session) -> None:
    # 4 wrong answers, one in each of 1.1, 1.2, 1.3, 2.1: R = round(100 × 11/15) = 73, each (3, 2, 0) → D.
    statuses = ["ko", "ok", "ok"] * 4 + ["ok"] * 3
    course = finished_course(session, statuses)
    issue = report(course, "E4", 1)

    outcome = run(session)

    results = AssessmentResult.objects.filter(course=course)
    assert results.count() == 1
    result = latest_result(course)
    assert result.emitter == AUTO_JURY_EMITTER
    assert result.created_at == NOW
    # Q1 neutralised: R = round(100 × 11/14) = 79 (70–79); 1.1 is (3, 2, 1) → V (24), the other three D (16).
    assert result.reproducibility == 79
    assert result.pix_score == 24 + 3 * 16 + 24
    assert result.status == ResultStatus.VALIDATED
    assert outcome.rescored == 1
    issue.refresh_from_db()
    assert issue.resolution == NEUTRALISED


def test_without_the_report_the_same_test_scores_lower(session: Session) -> None:
    course = finished_course(session, ["ko", "ok", "ok"] * 4 + ["ok"] * 3)

    run(session)

    result = latest_result(course)
    assert (result.reproducibility, result.pix_score) == (73, 4 * 16 + 24)


def test_every_rescoring_adds_a_result_and_keeps_the_history(session: Session) -> None:
    course = finished_course(session, ["ko", "ok", "ok"] * 4 + ["ok"] * 3)
    AssessmentResult.objects.create(
        course=course, status=ResultStatus.VALIDATED, pix_score=88, reproducibility=73, created_at=T0
    )
    report(course, "E4", 1)

    run(session)

    assert list(
        AssessmentResult.objects.filter(course=course).order_by("created_at").values_list("emitter", "pix_score")
    ) == [
        ("auto", 88),
        (AUTO_JURY_EMITTER, 96),
    ]


def test_a_restored_focus_answer_counts_correct(session: Session) -> None:
    course = finished_course(session, ["focusedout"] + ["ok"] * 14)
    set_challenge(course, 1, is_focus=True)
    report(course, "E10", 1)

    outcome = run(session)

    assert outcome.restored == 1
    assert Answer.objects.get(question__course=course, question__position=1).status == "ok"
    assert latest_result(course).reproducibility == 100


# --- Publishability --------------------------------------------------------------------------------------


def test_a_clean_session_goes_to_sessions_to_publish(session: Session) -> None:
    course = finished_course(session, ["ko"] + ["ok"] * 14)
    report(course, "E4", 1)
    report(course, "C7")

    outcome = run(session)

    session.refresh_from_db()
    assert session.is_publishable is True
    assert outcome.is_publishable is True


def test_a_global_comment_sends_the_session_to_sessions_to_process(session: Session) -> None:
    finished_course(session)
    SessionFinalisation.objects.create(session=session, global_comment="Coupure de courant à 10 h.")

    run(session)

    session.refresh_from_db()
    assert session.is_publishable is False


def test_a_blank_finalisation_without_comment_stays_publishable(session: Session) -> None:
    finished_course(session)
    SessionFinalisation.objects.create(session=session, global_comment="")

    run(session)

    session.refresh_from_db()
    assert session.is_publishable is True


@pytest.mark.parametrize("code", ["C1", "C6"])
def test_an_unresolved_impactful_report_sends_the_session_to_sessions_to_process(session: Session, code: str) -> None:
    report(finished_course(session), code)

    run(session)

    session.refresh_from_db()
    assert session.is_publishable is False


def test_a_result_in_error_sends_the_session_to_sessions_to_process(session: Session) -> None:
    finished_course(session)
    # A completed test with an unanswered question cannot be scored: the rescoring writes an error result.
    broken = finished_course(session)
    Answer.objects.filter(question__course=broken, question__position=15).delete()

    outcome = run(session)

    assert latest_result(broken).status == ResultStatus.ERROR
    assert outcome.is_publishable is False
    session.refresh_from_db()
    assert session.is_publishable is False


# --- Idempotency, audit, refusal ------------------------------------------------------------------------


def test_a_second_run_resolves_nothing_and_rescores_nothing(session: Session) -> None:
    course = finished_course(session, ["ko"] + ["ok"] * 14)
    issue = report(course, "E4", 1)
    report(course, "C1")
    first = run(session)
    issue.refresh_from_db()
    resolution, resolved_at = issue.resolution, issue.resolved_at

    second = session_auto_jury(session_id=session.pk, now=NOW + dt.timedelta(hours=1))

    assert (first.resolved, first.neutralised, first.rescored) == (1, 1, 1)
    assert (second.resolved, second.neutralised, second.rescored, second.unresolved) == (0, 0, 0, 1)
    assert second.is_publishable is False
    issue.refresh_from_db()
    assert (issue.resolution, issue.resolved_at) == (resolution, resolved_at)
    assert AssessmentResult.objects.filter(course=course).count() == 1
    assert SessionEvent.objects.filter(session=session, kind="session.auto_jury").count() == 1


def test_a_later_run_rescores_only_the_tests_it_changed(session: Session) -> None:
    touched = finished_course(session, ["ko"] + ["ok"] * 14)
    untouched = finished_course(session)
    run(session)
    report(touched, "E12", 1)  # e.g. a report added by staff afterwards

    outcome = session_auto_jury(session_id=session.pk, now=NOW + dt.timedelta(hours=1))

    assert outcome.rescored == 1
    assert AssessmentResult.objects.filter(course=touched).count() == 2
    assert AssessmentResult.objects.filter(course=untouched).count() == 1


def test_it_records_the_run_in_the_session_history(session: Session) -> None:
    course = finished_course(session, ["ko"] + ["ok"] * 14)
    report(course, "E4", 1)
    report(course, "E1", 2)
    report(course, "C6")

    run(session)

    event = SessionEvent.objects.get(session=session, kind="session.auto_jury")
    assert event.at == NOW
    assert event.actor is None
    assert event.data == {
        "resolved": 2,
        "neutralised": 1,
        "restored": 0,
        "unresolved": 1,
        "unresolved_impactful": 1,
        "rescored": 1,
        "in_error": 0,
        "global_comment": False,
        "publishable": False,
    }
    assert event_label(event) == (
        "Auto-jury : 2 signalement(s) résolu(s), 1 question(s) neutralisée(s), 1 test(s) recalculé(s)"
    )


@pytest.mark.parametrize("status", [SessionStatus.CREATED, SessionStatus.IN_PROCESS, SessionStatus.PROCESSED])
def test_it_refuses_a_session_that_is_not_finalised(db: None, status: str) -> None:
    session = SessionFactory(status=status, started_at=T0)
    course = finished_course(session, ["ko"] + ["ok"] * 14)
    issue = report(course, "E4", 1)

    with pytest.raises(AutoJuryError) as error:
        run(session)

    assert error.value.message == "L'auto-jury ne traite que les sessions finalisées."
    issue.refresh_from_db()
    assert not issue.is_resolved()
    assert not question(course, 1).is_neutralised
    assert not AssessmentResult.objects.filter(course=course).exists()
    session.refresh_from_db()
    assert session.is_publishable is None
    assert not SessionEvent.objects.filter(kind="session.auto_jury").exists()

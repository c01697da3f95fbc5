"""Scoring a test through the database (DOMAIN.md §5), by hand and against certification.scoring."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from certification import services_scoring
from certification.models import (
    AssessmentResult,
    CertificationChallenge,
    CertificationCourse,
    CoursePosition,
    CourseStatus,
    ResultStatus,
)
from certification.scoring import score_certification
from certification.selectors import latest_result
from certification.services import course_score
from certification.services_scoring import course_score_auto, course_scoring_input
from certification.tasks import course_score_task
from referential.models import Challenge, ChallengeType, Competence
from sessions_app.models import SessionEvent
from tests.accounts.factories import UserFactory
from tests.certification.factories import T0, course_by_hand

pytestmark = pytest.mark.django_db

OK, KO, SKIP, TIME = "ok", "ko", "aband", "timedout"


def hand_computed_course() -> CertificationCourse:
    """15 questions, one neutralised; worked out below."""
    course = course_by_hand(
        positions={"1.1": (4, 35), "1.2": (3, 24), "1.3": (2, 16), "2.1": (7, 60), "2.2": (1, 8)},
        questions=[
            ("1.1", OK, False),
            ("1.1", OK, False),
            ("1.1", OK, False),  # 3 3 0 → V
            ("1.2", OK, False),
            ("1.2", KO, False),
            ("1.2", OK, False),  # 3 2 0 → D in 70–79
            ("1.3", OK, False),
            ("1.3", KO, True),
            ("1.3", OK, False),  # 3 2 1 → V
            ("2.1", OK, False),
            ("2.1", OK, False),
            ("2.1", OK, False),  # 3 3 0 → V, capped at level 6
            ("2.2", OK, False),
            ("2.2", TIME, False),
            ("2.2", SKIP, False),  # 3 1 0 → I
        ],
    )
    CertificationCourse.objects.filter(pk=course.pk).update(status=CourseStatus.COMPLETED, completed_at=T0)
    course.refresh_from_db()
    return course


def test_a_hand_computed_course_scores_as_domain_md_says() -> None:
    course = hand_computed_course()

    result = course_score(course=course, now=T0)

    # R = 100 × 11 correct / 14 non-neutralised = 78.57 → 79: band 70–79.
    assert result.reproducibility == 79
    marks = {m.competence.code: (m.level, m.pix) for m in result.marks.select_related("competence")}
    assert marks == {
        "1.1": (4, 35),  # V
        "1.2": (2, 16),  # D: level − 1, pix − 8
        "1.3": (2, 16),  # V
        "2.1": (6, 48),  # V, capped: level ≤ 6, pix ≤ 48
        "2.2": (-1, 0),  # I
    }
    assert result.pix_score == 35 + 16 + 16 + 48
    assert result.status == ResultStatus.VALIDATED
    assert (result.emitter, result.created_at) == ("auto", T0)
    assert SessionEvent.objects.filter(kind="course.scored", data__result=result.pk).exists()


def test_the_database_result_matches_the_pure_scoring() -> None:
    course = hand_computed_course()
    expected = score_certification(course_scoring_input(course))
    result = course_score(course=course, now=T0)
    assert (result.status, result.pix_score, result.reproducibility) == (
        expected.status.value,
        expected.pix_score,
        expected.reproducibility,
    )
    marks = sorted((m.competence.code, m.level, m.pix) for m in result.marks.select_related("competence"))
    assert marks == sorted((m.competence_code, m.level, m.pix) for m in expected.competence_marks)


def _unfinished(abort_reason: str) -> CertificationCourse:
    """5 competences, 12 right answers, the last 3 questions (2.2) unanswered; ended by the supervisor."""
    codes = ["1.1", "1.2", "1.3", "2.1", "2.2"]
    questions = [(code, OK if code != "2.2" else None, False) for code in codes for _ in range(3)]
    course = course_by_hand(positions=dict.fromkeys(codes, (2, 16)), questions=questions)
    CertificationCourse.objects.filter(pk=course.pk).update(
        status=CourseStatus.ENDED_BY_SUPERVISOR, ended_at=T0, abort_reason=abort_reason
    )
    course.refresh_from_db()
    return course


def test_a_technical_abort_neutralises_the_unanswered_questions() -> None:
    result = course_score(course=_unfinished("technical"), now=T0)
    # 12/12 right → R 100; 2.2 has n 3, c 0, k 3 → I; 12/15 non-neutralised ≥ 66 %.
    assert (result.reproducibility, result.pix_score, result.status) == (100, 4 * 16, ResultStatus.VALIDATED)


def test_a_candidate_abort_counts_the_unanswered_questions_as_skipped() -> None:
    result = course_score(course=_unfinished("candidate"), now=T0)
    # 12/15 → R 80: still ≥ 80, 2.2 fails.
    assert (result.reproducibility, result.pix_score, result.status) == (80, 4 * 16, ResultStatus.VALIDATED)


def test_every_run_adds_a_result_and_the_latest_wins() -> None:
    course = hand_computed_course()
    juror = UserFactory(is_staff=True)
    first = course_score(course=course, now=T0)
    second = course_score(course=course, emitter="jury", juror=juror, now=T0 + dt.timedelta(hours=1))
    assert AssessmentResult.objects.filter(course=course).count() == 2
    assert first.marks.count() == second.marks.count() == 5
    assert latest_result(course) == second
    assert (second.emitter, second.juror) == ("jury", juror)


def test_a_failure_leaves_an_error_result_for_staff(monkeypatch: pytest.MonkeyPatch, caplog: Any) -> None:
    course = hand_computed_course()

    def broken(_input: object) -> None:
        raise ValueError("table cassée")

    monkeypatch.setattr(services_scoring, "score_certification", broken)

    result = course_score(course=course, now=T0)

    assert result.status == ResultStatus.ERROR
    assert result.error == "ValueError: table cassée"
    assert not result.marks.exists()
    assert AssessmentResult.objects.filter(course=course).count() == 1
    assert f"Scoring of course {course.pk} failed" in caplog.text


def test_the_automatic_scoring_runs_once_per_end_of_test() -> None:
    course = hand_computed_course()
    first = course_score_task(course.pk)
    again = course_score_task(course.pk)
    assert first is not None and again is None
    assert AssessmentResult.objects.filter(course=course).count() == 1


def test_the_automatic_scoring_retries_after_an_error_result() -> None:
    course = hand_computed_course()
    AssessmentResult.objects.create(course=course, status=ResultStatus.ERROR, error="boom", created_at=T0)
    assert course_score_auto(course_id=course.pk) is not None
    assert latest_result(course).status == ResultStatus.VALIDATED  # type: ignore[union-attr]


def test_a_running_test_is_not_scored_automatically() -> None:
    course = course_by_hand(positions={"1.1": (1, 8)}, questions=[("1.1", None, False)])
    assert course_score_task(course.pk) is None
    assert course_score_task(0) is None
    assert not AssessmentResult.objects.exists()


def test_a_competence_without_question_gives_staff_a_clear_error_not_a_failed_competence() -> None:
    course = hand_computed_course()
    CoursePosition.objects.create(course=course, competence=Competence.objects.get(code="3.1"), level=2, pix=16)

    result = course_score(course=course, now=T0)

    assert result.status == ResultStatus.ERROR
    assert result.error == (
        "La compétence 3.1 est certifiée mais le test ne contient aucune question de cette compétence : "
        "la certification ne peut pas être notée. Vérifiez la banque d'épreuves puis relancez la notation."
    )
    assert not result.marks.exists()


def test_a_qrocm_dep_read_from_the_bank_counts_double_in_a_competence_of_two_questions() -> None:
    codes = ["1.1", "1.2", "1.3", "2.1", "2.2"]
    questions = [(code, OK, False) for code in codes[:4] for _ in range(3)] + [("2.2", OK, False), ("2.2", KO, False)]
    course = course_by_hand(positions=dict.fromkeys(codes, (3, 24)), questions=questions)
    CertificationCourse.objects.filter(pk=course.pk).update(status=CourseStatus.COMPLETED, completed_at=T0)
    first_of_22 = CertificationChallenge.objects.get(course=course, position=13)
    Challenge.objects.filter(pk=first_of_22.challenge_id).update(type=ChallengeType.QROCM_DEP)

    scoring_input = course_scoring_input(course)
    assert [a.qrocm_dep for a in scoring_input.answers].count(True) == 1
    result = course_score(course=course, now=T0)

    # R = 13/14 = 93 (the QROCM-dep counts once in R); 2.2: the QROCM-dep counts 2, n 3, c 2: 3 2 0 → V.
    marks = {m.competence.code: (m.level, m.pix) for m in result.marks.select_related("competence")}
    assert marks["2.2"] == (3, 24)
    pure = score_certification(scoring_input)
    assert next(m for m in pure.competence_marks if m.competence_code == "2.2").challenge_count == 3

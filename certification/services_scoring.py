"""Scoring a test from the database: build the pure ScoringInput, score it, write a new result.

Every run adds an AssessmentResult (history; the latest wins). Kept apart from services.py because the
scoring task calls it and services.py queues that task: one-way imports, no cycle.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, Max, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from certification.models import (
    Answer,
    AssessmentResult,
    CertificationChallenge,
    CertificationCourse,
    CompetenceMark,
    CoursePosition,
    CourseStatus,
    ResultStatus,
)
from certification.scoring import (
    AbortReason,
    AnswerStatus,
    CompetencePosition,
    ScoredAnswer,
    ScoringError,
    ScoringInput,
    ScoringResult,
    score_certification,
)
from referential.models import ChallengeType
from sessions_app.services import session_event_record

logger = logging.getLogger(__name__)

AUTO_EMITTER = "auto"


def course_scoring_input(course: CertificationCourse) -> ScoringInput:
    """The frozen facts of a test, in three queries."""
    positions = tuple(
        CompetencePosition(p.competence.code, p.level, p.pix)
        for p in CoursePosition.objects.filter(course=course).select_related("competence").order_by("competence__code")
    )
    questions = (
        CertificationChallenge.objects.filter(course=course)
        .select_related("competence", "answer")
        .annotate(challenge_type=F("challenge__type"))
        .order_by("position")
    )
    answers = []
    for question in questions:
        answer: Answer | None = getattr(question, "answer", None)
        answers.append(
            ScoredAnswer(
                competence_code=question.competence.code,
                status=AnswerStatus(answer.status) if answer else None,
                neutralised=question.is_neutralised,
                qrocm_dep=question.challenge_type == ChallengeType.QROCM_DEP,
            )
        )
    unfinished = course.status != CourseStatus.COMPLETED
    return ScoringInput(
        answers=tuple(answers),
        positions=positions,
        max_reachable_level=course.max_reachable_level,
        cancelled_by_jury=course.is_cancelled_by_jury,
        rejected_for_fraud=course.is_rejected_for_fraud,
        abort_reason=AbortReason(course.abort_reason) if course.abort_reason and unfinished else None,
        unfinished=unfinished,
    )


def _result_write(
    *, course: CertificationCourse, scored: ScoringResult, emitter: str, juror: User | None, now: dt.datetime
) -> AssessmentResult:
    # The jury's comments belong to the certification, not to one run: a rescore carries them forward.
    previous = AssessmentResult.objects.filter(course=course).order_by("-created_at", "-id").first()
    result = AssessmentResult.objects.create(
        course=course,
        comment_for_candidate=previous.comment_for_candidate if previous else "",
        comment_for_organisation=previous.comment_for_organisation if previous else "",
        status=ResultStatus(scored.status.value),
        pix_score=scored.pix_score,
        reproducibility=scored.reproducibility,
        emitter=emitter,
        juror=juror,
        created_at=now,
    )
    competence_ids = dict(CoursePosition.objects.filter(course=course).values_list("competence__code", "competence_id"))
    CompetenceMark.objects.bulk_create(
        CompetenceMark(
            result=result, competence_id=competence_ids[mark.competence_code], level=mark.level, pix=mark.pix
        )
        for mark in scored.competence_marks
    )
    return result


def course_score(
    *,
    course: CertificationCourse,
    emitter: str = AUTO_EMITTER,
    juror: User | None = None,
    now: dt.datetime | None = None,
) -> AssessmentResult:
    """Score the test as it stands and add a result; a failure adds an `error` result for staff to see."""
    now = now or timezone.now()
    try:
        with transaction.atomic():  # a savepoint: a failure leaves nothing half written
            course = CertificationCourse.objects.select_related("session").get(pk=course.pk)
            scored = score_certification(course_scoring_input(course))
            result = _result_write(course=course, scored=scored, emitter=emitter, juror=juror, now=now)
            session_event_record(
                session=course.session,
                kind="course.scored",
                by=juror,
                now=now,
                course=course.pk,
                result=result.pk,
                status=result.status,
                pix=result.pix_score,
                reproducibility=result.reproducibility,
                reason=scored.status_reason.value,
            )
            return result
    except Exception as exc:
        logger.exception("Scoring of course %s failed", course.pk)
        error = scoring_error_message(exc) if isinstance(exc, ScoringError) else f"{type(exc).__name__}: {exc}"
        return AssessmentResult.objects.create(
            course=course,
            status=ResultStatus.ERROR,
            emitter=emitter,
            juror=juror,
            error=error,
            created_at=now,
        )


def scoring_error_message(error: ScoringError) -> str:
    """What staff read in the admin when a test cannot be scored (DOMAIN.md §5: never a silent result)."""
    n, c, k = error.tally
    if error.kind == "no_challenge":
        return _(
            "La compétence %(code)s est certifiée mais le test ne contient aucune question de cette compétence : "
            "la certification ne peut pas être notée. Vérifiez la banque d'épreuves puis relancez la notation."
        ) % {"code": error.competence_code}
    return _(
        "La compétence %(code)s a %(n)s épreuve(s) comptée(s), %(c)s juste(s) et %(k)s neutralisée(s) : la table "
        "de notation ne couvre pas ce cas et la certification ne peut pas être notée."
    ) % {"code": error.competence_code, "n": n, "c": c, "k": k}


def _last_change_at(course: CertificationCourse) -> dt.datetime | None:
    last_answer = Answer.objects.filter(course=course).aggregate(at=Max("answered_at"))["at"]
    moments = [m for m in (last_answer, course.completed_at, course.ended_at) if m is not None]
    return max(moments, default=None)


def course_score_auto(*, course_id: int, now: dt.datetime | None = None) -> AssessmentResult | None:
    """The automatic scoring after a test ends; skipped (None) when the latest result is already newer
    than the test's last answer or end (error results aside), so that a task delivered twice scores once.
    The course's row lock serialises two runs at once (a redelivered task and the sweep): the second one
    sees the first one's result and skips."""
    with transaction.atomic():
        course = CertificationCourse.objects.select_for_update(of=("self",)).filter(pk=course_id).first()
        if course is None or course.is_running():
            return None
        # An error result does not count: a redelivered task may succeed where a transient failure did not.
        latest = (
            AssessmentResult.objects.filter(course=course)
            .exclude(status=ResultStatus.ERROR)
            .order_by("-created_at", "-id")
            .first()
        )
        changed_at = _last_change_at(course)
        if latest is not None and changed_at is not None and latest.created_at >= changed_at:
            return None
        return course_score(course=course, emitter=AUTO_EMITTER, now=now)


SWEEP_BATCH = 100


def courses_unscored_sweep(*, now: dt.datetime | None = None) -> list[int]:
    """Tests that ended (completed, or ended by the supervisor) more than ``PIXCERTIF_SWEEP_GRACE`` ago and
    have no result at all: their scoring task was never queued (broker down) or lost; score them now.
    An error result counts as a result here, so that a test failing to score is not retried every minute."""
    now = now or timezone.now()
    before = now - settings.PIXCERTIF_SWEEP_GRACE
    ended = Q(status=CourseStatus.COMPLETED, completed_at__lte=before) | Q(
        status=CourseStatus.ENDED_BY_SUPERVISOR, ended_at__lte=before
    )
    due = list(
        CertificationCourse.objects.filter(ended)
        .filter(~Exists(AssessmentResult.objects.filter(course=OuterRef("pk"))))
        .order_by("pk")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    scored = []
    for course_id in due:
        if course_score_auto(course_id=course_id, now=now) is not None:
            scored.append(course_id)
    if scored:
        logger.warning("Balayage de la notation : %s test(s) notés en retard : %s", len(scored), scored)
    return scored

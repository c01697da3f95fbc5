"""Reused reads of certification tests: the next question, the supervisor's live list, the latest result."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from accounts.models import User
from candidates.models import Candidate
from certification.models import (
    Answer,
    AssessmentResult,
    CertificationChallenge,
    CertificationCourse,
    CourseStatus,
)
from certification.rules import theoretical_end
from sessions_app.models import Session

NOT_STARTED: Final = "not_started"

# The three words of the supervisor portal (DOMAIN.md §4); the raw status keeps the detail.
_PORTAL_LABELS: Final[dict[str, StrOrPromise]] = {
    NOT_STARTED: _("Non démarré"),
    CourseStatus.STARTED: _("En cours"),
    CourseStatus.COMPLETED: _("Terminé"),
    CourseStatus.ENDED_BY_SUPERVISOR: _("Terminé"),
    CourseStatus.ENDED_BY_FINALISATION: _("Terminé"),
}


def course_next_question(course: CertificationCourse) -> CertificationChallenge | None:
    """The first unanswered question by position (its challenge loaded), None when all are answered."""
    return (
        CertificationChallenge.objects.filter(course=course, answer__isnull=True)
        .select_related("challenge")
        .order_by("position")
        .first()
    )


def course_question_count(course: CertificationCourse) -> int:
    return CertificationChallenge.objects.filter(course=course).count()


def course_of_user(*, user: User | int, pk: int) -> CertificationCourse | None:
    """The user's own test with its session, and its number of questions as ``question_count``, in one query."""
    questions = (
        CertificationChallenge.objects.filter(course=OuterRef("pk")).order_by().values("course").annotate(n=Count("pk"))
    )
    return (
        CertificationCourse.objects.select_related("session")
        .annotate(question_count=_count(questions.values("n")))
        .filter(pk=pk, user=user)
        .first()
    )


def latest_result(course: CertificationCourse) -> AssessmentResult | None:
    """The current result of a test: the latest scoring run (DESIGN.md, "State")."""
    return AssessmentResult.objects.filter(course=course).order_by("-created_at", "-id").first()


@dataclass(frozen=True)
class CandidateProgress:
    candidate_id: int
    first_name: str
    last_name: str
    birthdate: dt.date
    extra_time_percentage: int | None
    authorized_to_start_until: dt.datetime | None  # presence confirmed until
    has_joined: bool
    course_id: int | None
    status: str  # NOT_STARTED or a CourseStatus value
    status_label: StrOrPromise  # « Non démarré », « En cours », « Terminé »
    started_at: dt.datetime | None
    theoretical_end_at: dt.datetime | None
    answered_count: int
    question_count: int
    resume_authorised_until: dt.datetime | None

    @property
    def is_running(self) -> bool:
        return self.status == CourseStatus.STARTED

    @property
    def is_finished(self) -> bool:
        return self.status not in (NOT_STARTED, CourseStatus.STARTED)


def _count(queryset: object) -> Coalesce:
    return Coalesce(Subquery(queryset, output_field=IntegerField()), 0)  # type: ignore[arg-type]


def session_progress(session: Session) -> list[CandidateProgress]:
    """Every candidate of the session with their test's progress, in one query whatever their number."""
    questions = (
        CertificationChallenge.objects.filter(course=OuterRef("course"))
        .order_by()
        .values("course")
        .annotate(n=Count("pk"))
        .values("n")
    )
    answers = (
        Answer.objects.filter(course=OuterRef("course")).order_by().values("course").annotate(n=Count("pk")).values("n")
    )
    candidates = (
        Candidate.objects.filter(session=session)
        .select_related("course")
        .annotate(question_count=_count(questions), answered_count=_count(answers))
        .order_by("last_name", "first_name", "pk")
    )
    rows = []
    for candidate in candidates:
        course: CertificationCourse | None = getattr(candidate, "course", None)
        status = course.status if course else NOT_STARTED
        rows.append(
            CandidateProgress(
                candidate_id=candidate.pk,
                first_name=candidate.first_name,
                last_name=candidate.last_name,
                birthdate=candidate.birthdate,
                extra_time_percentage=candidate.extra_time_percentage,
                authorized_to_start_until=candidate.authorized_to_start_until,
                has_joined=candidate.has_joined(),
                course_id=course.pk if course else None,
                status=status,
                status_label=_PORTAL_LABELS[status],
                started_at=course.started_at if course else None,
                theoretical_end_at=theoretical_end(course.started_at, course.extra_time_percentage) if course else None,
                answered_count=candidate.answered_count,
                question_count=candidate.question_count,
                resume_authorised_until=course.resume_authorised_until if course else None,
            )
        )
    return rows

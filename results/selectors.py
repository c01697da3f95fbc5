"""Reused reads of published results: one row per certification, the latest result of each (latest wins)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from candidates.models import FRANCE_INSEE_CODE, Candidate
from centres.models import CertificationCentre
from certification.models import AssessmentResult, CertificationCourse, CompetenceMark, ResultStatus
from sessions_app.lifecycle import PUBLISHED
from sessions_app.models import Session


@dataclass(frozen=True)
class ResultRow:
    course_id: int
    first_name: str
    last_name: str
    birthdate: dt.date
    birthplace: str
    external_id: str
    status: str  # a ResultStatus value; "error" for a certification without any result
    pix: int | None
    comment_for_organisation: str
    passed_on: dt.date
    levels: dict[str, int] = field(default_factory=dict)  # competence code → level (-1 and 0 included)
    session_id: int | None = None

    @property
    def status_label(self) -> str:
        return str(ResultStatus(self.status).label)


def birthplace_label(candidate: Candidate) -> str:
    """The city, and the country when born abroad: « Dakar (SÉNÉGAL) »."""
    code = candidate.birth_insee_code
    abroad = (code.startswith("99") and code != FRANCE_INSEE_CODE) or (
        bool(candidate.birth_country) and candidate.birth_country.strip().upper() != "FRANCE"
    )
    if abroad and candidate.birth_country:
        return (
            f"{candidate.birth_city} ({candidate.birth_country})" if candidate.birth_city else candidate.birth_country
        )
    return candidate.birth_city


def latest_result_subquery(field_name: str = "pk") -> Subquery:
    """A field of the current (latest) result of the outer course: latest wins."""
    latest = AssessmentResult.objects.filter(course=OuterRef("pk")).order_by("-created_at", "-id")
    return Subquery(latest.values(field_name)[:1])


def _courses(session: Session) -> QuerySet[CertificationCourse]:
    return CertificationCourse.objects.filter(session=session)


def session_has_certification_in_error(session: Session) -> bool:
    """A certification whose latest result is in error, or that has no result at all, blocks publication."""
    latest_status = _courses(session).annotate(latest_status=latest_result_subquery("status"))
    return latest_status.filter(Q(latest_status=ResultStatus.ERROR) | Q(latest_status__isnull=True)).exists()


def session_result_recipients(session: Session) -> list[str]:
    """The distinct result-recipient addresses (lowercased) of the candidates who took the test."""
    emails = (
        _courses(session)
        .exclude(candidate__result_recipient_email="")
        .values_list("candidate__result_recipient_email", flat=True)
    )
    return sorted({email.strip().lower() for email in emails})


def session_result_rows(session: Session, *, recipient_email: str | None = None) -> list[ResultRow]:
    """Every certification of the session (or of one recipient's candidates), by name, in three queries."""
    courses = _courses(session)
    if recipient_email is not None:
        courses = courses.filter(candidate__result_recipient_email__iexact=recipient_email.strip())
    return course_result_rows(courses)


def course_result_rows(courses: QuerySet[CertificationCourse]) -> list[ResultRow]:
    """One row per course of ``courses``, by candidate name, in three queries (also the division CSV)."""
    courses = (
        courses.select_related("candidate")
        .annotate(latest_result_id=latest_result_subquery())
        .order_by("candidate__last_name", "candidate__first_name", "pk")
    )
    course_list = list(courses)
    marks = Prefetch("marks", queryset=CompetenceMark.objects.select_related("competence"))
    results = AssessmentResult.objects.filter(pk__in=[c.latest_result_id for c in course_list]).prefetch_related(marks)
    by_id = {result.pk: result for result in results}
    rows = []
    for course in course_list:
        candidate = course.candidate
        result = by_id.get(course.latest_result_id)
        rows.append(
            ResultRow(
                course_id=course.pk,
                first_name=candidate.first_name,
                last_name=candidate.last_name,
                birthdate=candidate.birthdate,
                birthplace=birthplace_label(candidate),
                external_id=candidate.external_id,
                status=result.status if result else ResultStatus.ERROR,
                pix=result.pix_score if result else None,
                comment_for_organisation=result.comment_for_organisation if result else "",
                passed_on=timezone.localtime(course.started_at).date(),
                levels={mark.competence.code: mark.level for mark in result.marks.all()} if result else {},
                session_id=course.session_id,
            )
        )
    return rows


def school_published_courses(centre: CertificationCentre) -> QuerySet[CertificationCourse]:
    """The certifications of published sessions taken by the school's active students, every division."""
    return CertificationCourse.objects.filter(
        candidate__student__centre=centre,
        candidate__student__is_active=True,
        session__status=PUBLISHED,
    )


def school_published_counts_by_division(centre: CertificationCentre) -> dict[str, int]:
    """Division → number of published certifications of its active students, in one query."""
    counts = (
        school_published_courses(centre)
        .order_by()
        .values("candidate__student__division")
        .annotate(n=Count("pk"))
        .values_list("candidate__student__division", "n")
    )
    return dict(counts)

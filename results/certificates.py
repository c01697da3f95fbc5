"""Certificates of validated, published certifications and their verification code (DOMAIN.md §5, §7).

A certificate exists only for a course whose session is published (status processed with a
publication date) and whose latest result is validated. Everything shown on it — the PDF, the
candidate's « Mes certificats » page, the public /verification/ page — comes from
``certificate_data``: names, birth, centre, delivery date, pix and the 16 competence levels; never a
jury comment.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from certification.models import AssessmentResult, CertificationCourse, CompetenceMark, ResultStatus
from certification.selectors import latest_result as current_result
from pixcertif.lib.codes import PASSWORD_ALPHABET, VERIFICATION_CODE_PREFIX
from pixcertif.lib.errors import ServiceError
from pixcertif.lib.pdf import PDF, render_pdf
from pixcertif.lib.urls import absolute_url
from referential.models import Area
from results.selectors import birthplace_label
from sessions_app.lifecycle import PUBLISHED, is_published

VERIFICATION_PATH = "/verification/"
_CODE_BODY = re.compile(rf"[{PASSWORD_ALPHABET}]{{8}}")


class CertificateError(ServiceError):
    """No certificate for this course (not validated, not published…)."""


@dataclass(frozen=True)
class CompetenceLine:
    code: str
    name: str
    level: int | None  # None: not certified (no mark, or level ≤ 0)


@dataclass(frozen=True)
class AreaBlock:
    code: str
    name: str
    competences: list[CompetenceLine]


@dataclass(frozen=True)
class Certificate:
    course: CertificationCourse
    first_name: str
    last_name: str
    birthdate: dt.date
    birthplace: str
    centre: str
    delivered_at: dt.datetime
    pix_score: int
    verification_code: str
    verification_url: str
    areas: list[AreaBlock]


def verification_url() -> str:
    return absolute_url(VERIFICATION_PATH)


def normalize_verification_code(raw: str) -> str | None:
    """``P-XXXXXXXX`` from what was typed: any case, spaces ignored, with or without « P- »; None if it
    cannot be a code."""
    text = "".join(raw.split()).upper()
    if text.startswith(VERIFICATION_CODE_PREFIX):
        text = text.removeprefix(VERIFICATION_CODE_PREFIX)
    elif len(text) == 9 and text.startswith("P"):  # « P7K9D2MXB »: the prefix without its dash
        text = text[1:]
    if not _CODE_BODY.fullmatch(text):
        return None
    return VERIFICATION_CODE_PREFIX + text


def published_courses(*, with_marks: bool = False) -> QuerySet[CertificationCourse]:
    """Courses of published sessions, with the candidate, the centre and the latest result first (and the
    marks of the results when ``with_marks``: a whole session's certificates in constant queries)."""
    results = AssessmentResult.objects.order_by("-created_at", "-id")
    if with_marks:
        results = results.prefetch_related("marks")
    return (
        CertificationCourse.objects.filter(session__status=PUBLISHED)
        .select_related("candidate", "session__centre")
        .prefetch_related(Prefetch("results", queryset=results))
    )


def latest_result(course: CertificationCourse) -> AssessmentResult | None:
    """The current result (prefetched by ``published_courses`` when the course comes from there)."""
    results = list(course.results.all()) if _is_prefetched(course) else None
    if results is not None:
        return results[0] if results else None
    return current_result(course)


def _is_prefetched(course: CertificationCourse) -> bool:
    return "results" in getattr(course, "_prefetched_objects_cache", {})


def has_certificate(course: CertificationCourse) -> bool:
    result = latest_result(course)
    return is_published(course.session) and result is not None and result.status == ResultStatus.VALIDATED


def user_courses(user: User) -> list[tuple[CertificationCourse, AssessmentResult | None]]:
    """The user's published courses, most recent publication first, each with its current result."""
    courses = published_courses().filter(user=user).order_by("-session__published_at", "-pk")
    return [(course, latest_result(course)) for course in courses]


def user_certified_course(user: User, pk: int) -> CertificationCourse | None:
    course = published_courses().filter(user=user, pk=pk).first()
    return course if course is not None and has_certificate(course) else None


def course_by_verification_code(code: str) -> CertificationCourse | None:
    """The certified course of a normalised code; None whatever the reason (unknown, not published,
    cancelled, rejected…), so that callers cannot tell the reasons apart."""
    course = published_courses().filter(verification_code=code).first()
    return course if course is not None and has_certificate(course) else None


def framework() -> list[Area]:
    """The 5 areas and their 16 competences, read once for any number of certificates."""
    return list(Area.objects.prefetch_related("competences").order_by("code"))


def _marks(result: AssessmentResult) -> list[CompetenceMark]:
    if "marks" in getattr(result, "_prefetched_objects_cache", {}):
        return list(result.marks.all())
    return list(CompetenceMark.objects.filter(result=result))


def _areas(result: AssessmentResult, areas: list[Area] | None = None) -> list[AreaBlock]:
    levels = {mark.competence_id: mark.level for mark in _marks(result)}
    blocks = []
    for area in framework() if areas is None else areas:
        lines = [
            CompetenceLine(code=c.code, name=c.name, level=levels[c.pk] if levels.get(c.pk, 0) > 0 else None)
            for c in sorted(area.competences.all(), key=lambda c: c.code)
        ]
        blocks.append(AreaBlock(code=area.code, name=area.name, competences=lines))
    return blocks


def certificate_data(course: CertificationCourse, *, areas: list[Area] | None = None) -> Certificate:
    """What a certificate shows; CertificateError unless the course is validated and published.

    ``areas``: the ``framework()`` already read, when several certificates are built at once."""
    result = latest_result(course)
    if not is_published(course.session):
        raise CertificateError(_("Pas de certificat : les résultats de cette session ne sont pas publiés."))
    if result is None or result.status != ResultStatus.VALIDATED:
        raise CertificateError(_("Pas de certificat : cette certification n'est pas validée."))
    candidate, session = course.candidate, course.session
    assert session.published_at is not None
    return Certificate(
        course=course,
        first_name=candidate.first_name,
        last_name=candidate.last_name,
        birthdate=candidate.birthdate,
        birthplace=birthplace_label(course.candidate),
        centre=session.centre.name,
        delivered_at=timezone.localtime(session.published_at),
        pix_score=result.pix_score,
        verification_code=course.verification_code,
        verification_url=verification_url(),
        areas=_areas(result, areas),
    )


def certificate_filename(course: CertificationCourse) -> str:
    return f"certificat-pix-{course.verification_code}.pdf"


def certificates_pdf(certificates: list[Certificate], *, title: str = "") -> bytes:
    """One WeasyPrint document, one A4 page per certificate (a single one, or a whole session's)."""
    return render_pdf("results/pdf/certificate.html", {"certificates": certificates, "title": title})


def certificate_pdf(course: CertificationCourse) -> tuple[str, str, bytes]:
    """The A4 « Certificat de compétences numériques Pix »; CertificateError when there is none."""
    certificate = certificate_data(course)
    return certificate_filename(course), PDF, certificates_pdf([certificate])


def session_certificates(session_id: int) -> list[Certificate]:
    """Every certificate of a published session, by name, in a constant number of queries (none when the
    session is not published)."""
    courses = (
        published_courses(with_marks=True)
        .filter(session_id=session_id)
        .order_by("candidate__last_name", "candidate__first_name", "pk")
    )
    areas = framework()
    return [certificate_data(course, areas=areas) for course in courses if has_certificate(course)]

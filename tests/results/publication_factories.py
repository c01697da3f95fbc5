"""Sessions ready for publication: a finalised session and courses scored straight in the database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from centres.models import CertificationCentre
from certification.models import AssessmentResult, CertificationCourse, CompetenceMark, ResultStatus
from pixcertif.lib.codes import generate_verification_code
from referential.framework import PIX_PER_LEVEL
from referential.models import Competence
from sessions_app.models import Session, SessionStatus
from tests.accounts.factories import UserFactory
from tests.candidates.factories import CandidateFactory
from tests.sessions_app.factories import SessionFactory

TAKEN_AT = dt.datetime(2024, 3, 12, 9, 0, tzinfo=dt.UTC)
NOW = dt.datetime(2024, 3, 20, 13, 5, tzinfo=dt.UTC)  # 14:05 in Paris


def finalised_session(centre: CertificationCentre, *, status: str = SessionStatus.FINALISED) -> Session:
    return SessionFactory(centre=centre, status=status, date=TAKEN_AT.date(), finalised_at=TAKEN_AT)


def scored_course(
    session: Session,
    *,
    status: str = ResultStatus.VALIDATED,
    pix: int = 0,
    levels: Mapping[str, int] | None = None,
    comment_for_organisation: str = "",
    scored_at: dt.datetime = TAKEN_AT,
    **candidate: object,
) -> CertificationCourse:
    """A candidate of ``session`` with a course and one result (``status``, ``pix``, marks ``levels``)."""
    person = CandidateFactory(session=session, user=UserFactory(), **candidate)
    course = CertificationCourse.objects.create(
        candidate=person,
        session=session,
        user=person.user,
        max_reachable_level=6,
        verification_code=generate_verification_code(),
        started_at=TAKEN_AT,
    )
    add_result(course, status=status, pix=pix, levels=levels, comment=comment_for_organisation, at=scored_at)
    return course


def add_result(
    course: CertificationCourse,
    *,
    status: str,
    pix: int = 0,
    levels: Mapping[str, int] | None = None,
    comment: str = "",
    at: dt.datetime = TAKEN_AT,
) -> AssessmentResult:
    result = AssessmentResult.objects.create(
        course=course, status=status, pix_score=pix, comment_for_organisation=comment, created_at=at
    )
    competences = {c.code: c for c in Competence.objects.filter(code__in=list(levels or {}))}
    for code, level in (levels or {}).items():
        CompetenceMark.objects.create(
            result=result, competence=competences[code], level=level, pix=max(level, 0) * PIX_PER_LEVEL
        )
    return result

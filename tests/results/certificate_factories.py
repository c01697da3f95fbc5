"""Certified courses written straight to the database: a published session, a result, its marks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from accounts.models import User
from certification.models import AssessmentResult, CertificationCourse, CompetenceMark, ResultStatus
from referential.models import Competence
from sessions_app.models import SessionStatus
from tests.accounts.factories import UserFactory
from tests.candidates.factories import CandidateFactory
from tests.centres.factories import CentreFactory
from tests.certification.factories import course_by_hand
from tests.sessions_app.factories import SessionFactory

PUBLISHED_AT = dt.datetime(2024, 3, 20, 10, 30, tzinfo=dt.UTC)
# 1.1 to 5.2, a level each; 3.4 and 5.2 not certified (a failed competence is written -1, 0 pix).
LEVELS: dict[str, int] = {
    "1.1": 3, "1.2": 2, "1.3": 4, "2.1": 5, "2.2": 1, "2.3": 2, "2.4": 3, "3.1": 4,
    "3.2": 2, "3.3": 1, "3.4": -1, "4.1": 3, "4.2": 2, "4.3": 6, "5.1": 1, "5.2": -1,
}  # fmt: skip


def certified_course(
    *,
    user: User | None = None,
    status: str = ResultStatus.VALIDATED,
    published: bool = True,
    levels: Mapping[str, int] = LEVELS,
    first_name: str = "Camille",
    last_name: str = "Dubois-Lefèvre",
    centre_name: str = "Lycée Victor Hugo",
    comment_for_candidate: str = "",
) -> CertificationCourse:
    """A course of a session processed by Pix (published or not) whose latest result has ``status``."""
    session = SessionFactory(
        centre=CentreFactory(name=centre_name),
        status=SessionStatus.PROCESSED if published else SessionStatus.IN_PROCESS,
        published_at=PUBLISHED_AT if published else None,
    )
    candidate = CandidateFactory(
        session=session,
        user=user or UserFactory(),
        first_name=first_name,
        last_name=last_name,
        birthdate=dt.date(2006, 5, 17),
        birth_city="NANTES",
        birth_insee_code="44109",
        birth_country="FRANCE",
    )
    course = course_by_hand(candidate=candidate, positions={"1.1": (3, 24)}, questions=[("1.1", "ok", False)])
    # An older result with another status: only the latest one counts.
    AssessmentResult.objects.create(
        course=course, status=ResultStatus.ERROR, created_at=PUBLISHED_AT - dt.timedelta(days=2)
    )
    pix = sum(8 * level for level in levels.values() if level > 0)
    result = AssessmentResult.objects.create(
        course=course,
        status=status,
        pix_score=pix if status == ResultStatus.VALIDATED else 0,
        reproducibility=90,
        comment_for_candidate=comment_for_candidate,
        comment_for_organisation="Commentaire pour l'organisation",
        created_at=PUBLISHED_AT - dt.timedelta(days=1),
    )
    competences = {c.code: c for c in Competence.objects.all()}
    for code, level in levels.items():
        CompetenceMark.objects.create(
            result=result, competence=competences[code], level=level, pix=8 * level if level > 0 else 0
        )
    return course

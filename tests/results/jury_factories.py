"""A finalised session and a finished, scored course for the jury's actions (tests/results/test_jury_*.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from centres.models import CertificationCentre
from certification.models import CertificationCourse, CourseStatus
from certification.services_scoring import course_score
from sessions_app.models import Session, SessionStatus
from tests.accounts.factories import UserFactory
from tests.candidates.factories import CandidateFactory
from tests.certification.factories import course_by_hand
from tests.results.publication_factories import TAKEN_AT, finalised_session

SCORED_AT = TAKEN_AT + dt.timedelta(hours=2)
JURY_AT = TAKEN_AT + dt.timedelta(days=3)
LATER = JURY_AT + dt.timedelta(hours=1)
COMPETENCES = ("1.1", "1.2", "1.3", "2.1", "2.2")

# 11 correct out of 15, R = 73 (band 70–79): 1.1 to 2.1 have (n, c, k) = (3, 2, 0) → D (level 3 → 2, 24 → 16 pix),
# 2.2 is all correct → V. Pix = 4 × 16 + 24 = 88, validated. Question 3 is 1.1's wrong answer.
DOWNGRADED_TEST: tuple[tuple[str, str | None, bool], ...] = tuple(
    (code, status, False)
    for code in COMPETENCES
    for status in (("ok", "ok", "ok") if code == "2.2" else ("ok", "ok", "ko"))
)


def jury_course(
    session: Session,
    *,
    questions: Sequence[tuple[str, str | None, bool]] = DOWNGRADED_TEST,
    **candidate: object,
) -> CertificationCourse:
    """A finished course of ``session`` (every competence positioned at level 3, 24 pix), scored once."""
    person = CandidateFactory(session=session, user=UserFactory(), **candidate)
    course = course_by_hand(
        candidate=person, positions=dict.fromkeys(COMPETENCES, (3, 24)), questions=questions, started_at=TAKEN_AT
    )
    course.status = CourseStatus.COMPLETED
    course.completed_at = TAKEN_AT + dt.timedelta(minutes=len(questions) + 1)
    course.save(update_fields=["status", "completed_at"])
    course_score(course=course, now=SCORED_AT)
    return course


def jury_session(centre: CertificationCentre, *, status: str = SessionStatus.IN_PROCESS) -> Session:
    session = finalised_session(centre, status=status)
    if status == SessionStatus.PROCESSED:
        session.published_at = TAKEN_AT + dt.timedelta(days=2)
        session.save(update_fields=["published_at"])
    return session

"""A session after the exam, for the wizard's tests: one completed test, one still running."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from candidates.models import Candidate
from centres.models import CertificationCentre
from certification.models import CertificationCourse, CourseStatus
from sessions_app.models import Session
from tests.accounts.factories import UserFactory
from tests.candidates.factories import CandidateFactory
from tests.certification.factories import T0, course_by_hand
from tests.sessions_app.factories import SessionFactory


@dataclass
class ExamDay:
    session: Session
    finished: Candidate
    running: Candidate
    finished_course: CertificationCourse
    running_course: CertificationCourse


def exam_day(centre: CertificationCentre, *, started_at: dt.datetime = T0) -> ExamDay:
    """Léa Arnaud finished her test; Noé Bernard's test is still running (he left early)."""
    session = SessionFactory(centre=centre, started_at=started_at)
    finished = CandidateFactory(
        session=session, first_name="Léa", last_name="Arnaud", user=UserFactory(), joined_at=started_at
    )
    running = CandidateFactory(
        session=session, first_name="Noé", last_name="Bernard", user=UserFactory(), joined_at=started_at
    )
    questions = [("1.1", "ok", False), ("1.1", "ko", False), ("1.1", None, False)]
    finished_course = course_by_hand(
        candidate=finished, positions={"1.1": (2, 16)}, questions=questions[:2], started_at=started_at
    )
    CertificationCourse.objects.filter(pk=finished_course.pk).update(
        status=CourseStatus.COMPLETED, completed_at=started_at + dt.timedelta(hours=1)
    )
    running_course = course_by_hand(
        candidate=running, positions={"1.1": (2, 16)}, questions=questions, started_at=started_at
    )
    finished_course.refresh_from_db()
    return ExamDay(session, finished, running, finished_course, running_course)

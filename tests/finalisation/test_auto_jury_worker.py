"""The auto-jury through a real Celery worker over Redis: the task is queued, a worker runs it.

Runs only when ``REDIS_URL`` is set; every other test runs tasks eagerly. The worker fixture is in
tests/broker.py (own queue, connections closed after each task).
"""

from __future__ import annotations

import datetime as dt

from certification.models import AssessmentResult, CertificationChallenge, CourseStatus
from finalisation.auto_jury import AUTO_JURY_EMITTER
from finalisation.models import IssueReport, IssueSource
from finalisation.tasks import session_auto_jury_task
from sessions_app.models import Session, SessionStatus
from tests.accounts.factories import UserFactory
from tests.broker import BROKER_MARKS, WAIT_SECONDS, celery_worker, wait_for
from tests.candidates.factories import CandidateFactory
from tests.certification.factories import FIVE, T0, course_by_hand
from tests.sessions_app.factories import SessionFactory

pytestmark = BROKER_MARKS
__all__ = ["celery_worker"]  # the fixture, imported for pytest

def test_the_worker_neutralises_the_question_and_rescores(celery_worker: str) -> None:
    session: Session = SessionFactory(
        status=SessionStatus.FINALISED, started_at=T0, finalised_at=T0 + dt.timedelta(hours=2)
    )
    candidate = CandidateFactory(session=session, user=UserFactory())
    statuses = ["ko", "ok", "ok"] * 4 + ["ok"] * 3
    course = course_by_hand(
        candidate=candidate,
        positions=dict.fromkeys(FIVE, (3, 24)),
        questions=[(FIVE[i // 3], status, False) for i, status in enumerate(statuses)],
    )
    course.status = CourseStatus.COMPLETED
    course.completed_at = T0 + dt.timedelta(minutes=30)
    course.save(update_fields=["status", "completed_at"])
    issue = IssueReport.objects.create(
        candidate=candidate,
        course=course,
        code="E4",
        question_number=1,
        source=IssueSource.FINALISATION,
        created_at=T0 + dt.timedelta(minutes=40),
    )

    session_auto_jury_task.delay(session.pk)

    def _ran() -> bool:
        session.refresh_from_db()
        return session.is_publishable is not None

    wait_for(_ran)

    assert session.is_publishable is True, f"l'auto-jury n'a pas tourné en {WAIT_SECONDS} s (file {celery_worker})"
    issue.refresh_from_db()
    assert issue.resolution == "La question 1 a été neutralisée."
    assert CertificationChallenge.objects.get(course=course, position=1).is_neutralised
    result = AssessmentResult.objects.get(course=course)
    assert result.emitter == AUTO_JURY_EMITTER
    assert (result.reproducibility, result.pix_score) == (79, 24 + 3 * 16 + 24)

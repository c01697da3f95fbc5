"""The auto-jury through a real Celery worker over Redis: the task is queued, a worker runs it.

Runs only when ``REDIS_URL`` is set; every other test runs tasks eagerly. Same worker fixture as
tests/pixcertif/test_celery_worker.py (own queue, connections closed after each task).
"""

from __future__ import annotations

import datetime as dt
import os
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.db import connections

from certification.models import AssessmentResult, CertificationChallenge, CourseStatus
from finalisation.auto_jury import AUTO_JURY_EMITTER
from finalisation.models import IssueReport, IssueSource
from finalisation.tasks import session_auto_jury_task
from pixcertif.celery import app
from sessions_app.models import Session, SessionStatus
from tests.accounts.factories import UserFactory
from tests.candidates.factories import CandidateFactory
from tests.certification.factories import FIVE, T0, course_by_hand
from tests.sessions_app.factories import SessionFactory

pytestmark = [
    pytest.mark.broker,
    pytest.mark.xdist_group("broker"),
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL non défini : pas de broker Redis à tester"),
    # transaction=True: the worker thread reads committed rows only.
    # serialized_rollback keeps the reference rows of the data migrations for the tests that follow.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WAIT_SECONDS = 20


def _close_worker_connections(**kwargs: Any) -> None:
    connections.close_all()


@pytest.fixture
def celery_worker() -> Iterator[str]:
    """A real worker (thread, solo pool) on the Redis broker, consuming a queue of its own."""
    assert app.conf.broker_url.startswith("redis://"), app.conf.broker_url
    queue = f"pixcertif-test-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}-{uuid.uuid4().hex[:8]}"
    saved = {key: app.conf[key] for key in ("task_always_eager", "task_default_queue")}
    app.conf.task_always_eager = False
    app.conf.task_default_queue = queue
    task_postrun.connect(_close_worker_connections, weak=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, queues=[queue], shutdown_timeout=30):
            yield queue
    finally:
        task_postrun.disconnect(_close_worker_connections)
        app.conf.task_always_eager = saved["task_always_eager"]
        app.conf.task_default_queue = saved["task_default_queue"]
        client = redis.Redis.from_url(app.conf.broker_url)
        keys = list(client.scan_iter(match=f"*{queue}*"))
        if keys:
            client.delete(*keys)
        client.close()


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

    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        session.refresh_from_db()
        if session.is_publishable is not None:
            break
        time.sleep(0.1)

    assert session.is_publishable is True, f"l'auto-jury n'a pas tourné en {WAIT_SECONDS} s (file {celery_worker})"
    issue.refresh_from_db()
    assert issue.resolution == "La question 1 a été neutralisée."
    assert CertificationChallenge.objects.get(course=course, position=1).is_neutralised
    result = AssessmentResult.objects.get(course=course)
    assert result.emitter == AUTO_JURY_EMITTER
    assert (result.reproducibility, result.pix_score) == (79, 24 + 3 * 16 + 24)

"""A real Celery worker over Redis for the few tests that need one (marker ``broker``).

They run only when ``REDIS_URL`` is set (CI's PostgreSQL/Redis pass); every other test runs tasks eagerly.
Use ``pytestmark = BROKER_MARKS`` and the ``celery_worker`` fixture (import it into the test module).
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.db import connections
from kombu.exceptions import OperationalError

from pixcertif.celery import app

BROKER_MARKS = [
    pytest.mark.broker,
    pytest.mark.xdist_group("broker"),
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL non défini : pas de broker Redis à tester"),
    # transaction=True: the worker thread sees committed rows only, and on_commit fires.
    # serialized_rollback keeps the reference rows of the data migrations for the tests that follow.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WAIT_SECONDS = 20


def _close_worker_connections(**kwargs: Any) -> None:
    # The worker runs in its own thread with its own database connections: close them after each
    # task, or PostgreSQL refuses to drop the test database at the end of the session.
    connections.close_all()


@pytest.fixture
def celery_worker() -> Iterator[str]:
    """A real worker (thread, solo pool) on the Redis broker, consuming a queue of its own."""
    assert app.conf.broker_url.startswith("redis://"), app.conf.broker_url
    # One queue per test run and xdist worker: two concurrent runs never take each other's tasks.
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
        # Leave nothing behind in Redis: the queue, its priority lists and kombu's binding sets.
        client = redis.Redis.from_url(app.conf.broker_url)
        keys = list(client.scan_iter(match=f"*{queue}*"))
        if keys:
            client.delete(*keys)
        client.close()


def wait_for(condition: Callable[[], object]) -> bool:
    """Poll until ``condition()`` is true or WAIT_SECONDS pass; returns the last value as a bool."""
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.1)
    return bool(condition())


@contextmanager
def broker_refusing(monkeypatch: pytest.MonkeyPatch, task: Any) -> Iterator[list[tuple[Any, ...]]]:
    """Not eager, and every send of ``task`` refused as kombu refuses it when Redis is down; yields the refused
    sends."""
    sent: list[tuple[Any, ...]] = []

    def refuse(*args: Any, **kwargs: Any) -> None:
        sent.append(args)
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(task, "apply_async", refuse)
    app.conf.task_always_eager = False
    try:
        yield sent
    finally:
        app.conf.task_always_eager = True  # as tests/conftest.py sets it

"""One real round trip through the broker: a service enqueues, a Celery worker sends the e-mail.

Runs only when ``REDIS_URL`` is set (CI's PostgreSQL/Redis pass); every other test runs tasks eagerly.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.core import mail
from django.db import connections

from centres.models import Invitation, Role
from centres.services import invitation_create
from pixcertif.celery import app
from tests.accounts.factories import UserFactory
from tests.centres.factories import CentreFactory, MembershipFactory

pytestmark = [
    pytest.mark.broker,
    pytest.mark.xdist_group("broker"),
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL non défini : pas de broker Redis à tester"),
    # transaction=True: transaction.on_commit only fires outside the test's atomic block.
    # serialized_rollback keeps the calendar windows of the data migration for the tests that follow.
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


def test_invitation_email_goes_through_the_worker(celery_worker: str) -> None:
    centre = CentreFactory(name="Centre du test broker")
    admin = MembershipFactory(centre=centre, role=Role.ADMIN, user=UserFactory(email="admin.broker@centre.fr")).user
    mail.outbox.clear()

    invitation, _token = invitation_create(centre=centre, email="Invitee.Broker@Exemple.fr", role=Role.MEMBER, by=admin)

    deadline = time.monotonic() + WAIT_SECONDS
    while not mail.outbox and time.monotonic() < deadline:
        time.sleep(0.1)

    assert len(mail.outbox) == 1, f"aucun e-mail reçu du worker en {WAIT_SECONDS} s (file {celery_worker})"
    message = mail.outbox[0]
    assert message.to == ["invitee.broker@exemple.fr"]
    assert centre.name in message.subject
    assert Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).exists()

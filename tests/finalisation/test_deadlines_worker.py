"""The deadline sweep through a real Celery worker over Redis: the reminder e-mail goes out, the column is set.

Runs only when ``REDIS_URL`` is set, like tests/pixcertif/test_celery_worker.py whose worker fixture it uses.
"""

from __future__ import annotations

import datetime as dt
import os
import time

import pytest
from django.core import mail
from django.utils import timezone

from centres.models import Role
from finalisation.tasks import finalisation_deadlines_sweep_task
from sessions_app.models import Session, SessionEvent
from tests.accounts.factories import UserFactory
from tests.centres.factories import CentreFactory, MembershipFactory
from tests.pixcertif.test_celery_worker import celery_worker  # noqa: F401 - the real worker fixture
from tests.sessions_app.factories import SessionFactory

pytestmark = [
    pytest.mark.broker,
    pytest.mark.xdist_group("broker"),
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL non défini : pas de broker Redis à tester"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WAIT_SECONDS = 20


def _wait_for(condition: object) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition() and time.monotonic() < deadline:  # type: ignore[operator]
        time.sleep(0.1)


@pytest.mark.usefixtures("celery_worker")
def test_the_sweep_task_reminds_through_the_worker() -> None:
    centre = CentreFactory(name="Centre du rappel")
    MembershipFactory(centre=centre, role=Role.ADMIN, user=UserFactory(email="admin.rappel@centre.fr"))
    now = timezone.now()
    session = SessionFactory(
        centre=centre, started_at=now - dt.timedelta(hours=25), finalisation_due_at=now + dt.timedelta(hours=23)
    )
    mail.outbox.clear()

    finalisation_deadlines_sweep_task.delay()
    _wait_for(lambda: mail.outbox)
    finalisation_deadlines_sweep_task.delay()  # a second sweep through the worker sends nothing more
    _wait_for(lambda: SessionEvent.objects.filter(kind="session.finalisation_reminder_sent").exists())
    time.sleep(1)

    assert len(mail.outbox) == 1, f"aucun e-mail reçu du worker en {WAIT_SECONDS} s"
    assert mail.outbox[0].to == ["admin.rappel@centre.fr"]
    assert f"n° {session.pk}" in mail.outbox[0].subject
    reminded_at = Session.objects.values_list("finalisation_reminder_sent_at", flat=True).get(pk=session.pk)
    assert reminded_at is not None and abs(reminded_at - now) < dt.timedelta(seconds=WAIT_SECONDS + 5)
    assert SessionEvent.objects.filter(session=session, kind="session.finalisation_reminder_sent").count() == 1

"""The deadline sweep through a real Celery worker over Redis: the reminder e-mail goes out, the column is set.

Runs only when ``REDIS_URL`` is set (tests/broker.py).
"""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.core import mail
from django.utils import timezone

from centres.models import Role
from finalisation.tasks import finalisation_deadlines_sweep_task
from sessions_app.models import Session, SessionEvent
from tests.accounts.factories import UserFactory
from tests.broker import BROKER_MARKS, WAIT_SECONDS, celery_worker, wait_for
from tests.centres.factories import CentreFactory, MembershipFactory
from tests.sessions_app.factories import SessionFactory

pytestmark = BROKER_MARKS
__all__ = ["celery_worker"]  # the fixture, imported for pytest

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
    wait_for(lambda: mail.outbox)
    finalisation_deadlines_sweep_task.delay()  # a second sweep through the worker sends nothing more
    wait_for(lambda: SessionEvent.objects.filter(kind="session.finalisation_reminder_sent").exists())
    time.sleep(1)

    assert len(mail.outbox) == 1, f"aucun e-mail reçu du worker en {WAIT_SECONDS} s"
    assert mail.outbox[0].to == ["admin.rappel@centre.fr"]
    assert f"n° {session.pk}" in mail.outbox[0].subject
    reminded_at = Session.objects.values_list("finalisation_reminder_sent_at", flat=True).get(pk=session.pk)
    assert reminded_at is not None and abs(reminded_at - now) < dt.timedelta(seconds=WAIT_SECONDS + 5)
    assert SessionEvent.objects.filter(session=session, kind="session.finalisation_reminder_sent").count() == 1

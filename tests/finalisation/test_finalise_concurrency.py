"""Two people finalising the same session at the same moment: exactly one wins (PostgreSQL row lock)."""

from __future__ import annotations

import threading
from unittest import mock

import pytest
from django.db import connection, connections

from accounts.models import User
from centres.models import CertificationCentre
from certification.models import AbortReason
from finalisation.services import FinalisationError, finalisation_save_draft, session_finalise
from sessions_app.models import Session, SessionEvent, SessionStatus
from tests.finalisation.finalise_helpers import exam_day

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor == "sqlite",
        reason="SQLite n'a pas de verrou de ligne (SELECT … FOR UPDATE) : ce test tourne sur PostgreSQL (DATABASE_URL).",
    ),
]


def test_it_lets_exactly_one_of_two_simultaneous_finalisations_win(centre: CertificationCentre, admin: User) -> None:
    day = exam_day(centre)
    finalisation_save_draft(
        session=day.session, by=admin, changes={"reports": {day.running.pk: {"abort_reason": AbortReason.CANDIDATE}}}
    )
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def finalise() -> None:
        try:
            barrier.wait(timeout=10)
            session_finalise(session=Session.objects.get(pk=day.session.pk), by=admin)
            outcomes.append("ok")
        except FinalisationError as error:
            outcomes.append(error.message)
        finally:
            connections.close_all()

    with mock.patch("finalisation.services.session_auto_jury_task.delay") as delay:
        threads = [threading.Thread(target=finalise) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)

    assert sorted(outcomes) == ["La session a déjà été finalisée.", "ok"]
    assert SessionEvent.objects.filter(session=day.session, kind="session.finalised").count() == 1
    assert Session.objects.get(pk=day.session.pk).status == SessionStatus.FINALISED
    delay.assert_called_once_with(day.session.pk)

from __future__ import annotations

import datetime as dt

from centres.models import CertificationCentre
from sessions_app.models import Session, SessionEvent
from sessions_app.services import session_mark_started
from tests.sessions_app.factories import SessionFactory

NOW = dt.datetime(2031, 2, 3, 8, 5, tzinfo=dt.UTC)


def test_it_records_when_the_first_candidate_started(centre: CertificationCentre) -> None:
    session = SessionFactory(centre=centre)
    assert session_mark_started(session=session, now=NOW) is True
    session.refresh_from_db()
    assert session.started_at == NOW
    assert session.has_started()
    assert not session.can_be_deleted()
    event = SessionEvent.objects.get(session=session)
    assert (event.kind, event.actor, event.at) == ("session.started", None, NOW)


def test_it_is_idempotent(centre: CertificationCentre) -> None:
    session = SessionFactory(centre=centre)
    session_mark_started(session=session, now=NOW)
    assert session_mark_started(session=session, now=NOW + dt.timedelta(minutes=3)) is False
    assert Session.objects.get(pk=session.pk).started_at == NOW
    assert SessionEvent.objects.filter(kind="session.started").count() == 1

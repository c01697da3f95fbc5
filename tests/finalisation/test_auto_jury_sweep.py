"""The auto-jury sweep: a finalised session whose auto-jury never ran (broker down at finalisation) gets it,
once, after the grace period (docs/reliability.md, « Pannes essayées »)."""

from __future__ import annotations

import datetime as dt

import pytest

from finalisation.auto_jury import auto_jury_sweep
from sessions_app.models import Session, SessionEvent, SessionStatus
from tests.accounts.factories import UserFactory
from tests.candidates.factories import CandidateFactory
from tests.certification.factories import FIVE, T0, course_by_hand
from tests.sessions_app.factories import SessionFactory

pytestmark = pytest.mark.django_db

FINALISED_AT = T0 + dt.timedelta(hours=2)


def _finalised(**fields: object) -> Session:
    session: Session = SessionFactory(
        status=SessionStatus.FINALISED, started_at=T0, finalised_at=FINALISED_AT, **fields
    )
    candidate = CandidateFactory(session=session, user=UserFactory())
    # A question in each positioned competence: a competence without one would put the scoring in error.
    course_by_hand(
        candidate=candidate, positions=dict.fromkeys(FIVE, (3, 24)), questions=[(code, "ok", False) for code in FIVE]
    )
    return session


def test_it_runs_the_auto_jury_once_after_the_grace() -> None:
    session = _finalised()

    assert auto_jury_sweep(now=FINALISED_AT + dt.timedelta(seconds=30)) == []
    assert auto_jury_sweep(now=FINALISED_AT + dt.timedelta(minutes=3)) == [session.pk]
    assert auto_jury_sweep(now=FINALISED_AT + dt.timedelta(minutes=4)) == []

    session.refresh_from_db()
    assert session.is_publishable is True
    assert SessionEvent.objects.filter(session=session, kind="session.auto_jury").count() == 1


def test_it_leaves_sessions_the_auto_jury_already_saw_or_not_finalised() -> None:
    _finalised(is_publishable=False)
    SessionFactory(status=SessionStatus.CREATED)

    assert auto_jury_sweep(now=FINALISED_AT + dt.timedelta(days=1)) == []

"""The lifecycle table walked step by step: every allowed move and every refusal, through the one helper."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.db import transaction

from accounts.models import User
from centres.models import CertificationCentre
from pixcertif.lib.errors import ServiceError
from sessions_app import lifecycle
from sessions_app.lifecycle import STEPS, TRANSITIONS, Step, is_published, session_lock_for, session_status_set
from sessions_app.models import Session, SessionEvent, SessionStatus
from tests.sessions_app.factories import SessionFactory

NOW = dt.datetime(2031, 2, 3, 8, 5, tzinfo=dt.UTC)
BEFORE = NOW - dt.timedelta(days=3)
ROOT = Path(__file__).resolve().parents[2]


class _Refused(ServiceError):
    pass


def _cases(*, allowed: bool) -> list[tuple[Step, str]]:
    return [(step, status) for step in STEPS for status in SessionStatus.values if (status in step.sources) == allowed]


def _id(value: object) -> str:
    return value.name if isinstance(value, Step) else str(value)


def _session(centre: CertificationCentre, status: str) -> Session:
    published_at = BEFORE if status == SessionStatus.PROCESSED else None
    return SessionFactory(centre=centre, status=status, published_at=published_at, updated_at=BEFORE)


def test_the_table_has_the_steps_of_today() -> None:
    moves = {(step.name, source, step.target) for step in TRANSITIONS for source in sorted(step.sources)}
    assert moves == {
        ("finalise", "created", "finalised"),
        ("assign", "finalised", "in_process"),
        ("assign", "in_process", "in_process"),
        ("unfinalise", "finalised", "created"),
        ("unfinalise", "in_process", "created"),
        ("publish", "finalised", "processed"),
        ("publish", "in_process", "processed"),
        ("unpublish", "processed", "in_process"),
    }
    assert [step.event for step in TRANSITIONS] == [
        "session.finalised",
        "session.assigned",
        "session.unfinalised",
        "session.published",
        "session.unpublished",
    ]


@pytest.mark.parametrize("step", STEPS, ids=_id)
def test_every_step_has_a_french_refusal_for_every_other_status(step: Step) -> None:
    assert set(step.refusals) == set(SessionStatus.values) - step.sources
    assert all(str(message).endswith(".") for message in step.refusals.values())


@pytest.mark.parametrize(("step", "status"), _cases(allowed=True), ids=_id)
def test_it_moves_an_allowed_step_and_writes_its_event(
    centre: CertificationCentre, staff: User, step: Step, status: str
) -> None:
    session = _session(centre, status)
    with transaction.atomic():
        locked = session_lock_for(session.pk, step, error=_Refused)
        if step.target is None:  # a guard only (auto-jury, jury): nothing to write
            assert locked.status == status
            return
        event = session_status_set(session=locked, step=step, by=staff, now=NOW, checked=True)
    session.refresh_from_db()
    assert (session.status, session.updated_at) == (step.target, NOW)
    assert session.published_at == (NOW if step.target == SessionStatus.PROCESSED else None)
    assert is_published(session) is (step.target == SessionStatus.PROCESSED)
    assert SessionEvent.objects.get(session=session) == event
    assert (event.kind, event.actor, event.at, event.session_number, event.centre_id, event.data) == (
        step.event,
        staff,
        NOW,
        session.pk,
        centre.pk,
        {"checked": True},
    )


@pytest.mark.parametrize(("step", "status"), _cases(allowed=False), ids=_id)
def test_it_refuses_a_step_from_any_other_status_with_the_callers_error(
    centre: CertificationCentre, step: Step, status: str
) -> None:
    session = _session(centre, status)
    with pytest.raises(_Refused) as refused, transaction.atomic():
        session_lock_for(session.pk, step, error=_Refused)
    assert refused.value.message == str(step.refusals[status])
    session.refresh_from_db()
    assert (session.status, session.updated_at) == (status, BEFORE)
    assert not SessionEvent.objects.filter(session=session).exists()


@pytest.mark.parametrize(("step", "status"), [c for c in _cases(allowed=False) if c[0].target], ids=_id)
def test_the_setter_refuses_a_step_its_caller_did_not_check(
    centre: CertificationCentre, step: Step, status: str
) -> None:
    session = _session(centre, status)
    with pytest.raises(ValueError):
        session_status_set(session=session, step=step, by=None, now=NOW)
    assert not SessionEvent.objects.filter(session=session).exists()


def test_the_setter_refuses_a_step_that_keeps_the_status(centre: CertificationCentre) -> None:
    session = _session(centre, SessionStatus.FINALISED)
    with pytest.raises(ValueError):
        session_status_set(session=session, step=lifecycle.AUTO_JURY, by=None, now=NOW)


def test_published_is_the_status_only(centre: CertificationCentre) -> None:
    assert is_published(SessionFactory.build(centre=centre, status=SessionStatus.PROCESSED, published_at=None))
    assert not is_published(SessionFactory.build(centre=centre, status=SessionStatus.IN_PROCESS, published_at=NOW))


def _app_modules() -> list[Path]:
    apps = ("accounts", "centres", "referential", "sessions_app", "candidates", "certification", "finalisation")
    apps += ("supervision", "results")
    return [
        path
        for app in apps
        for path in sorted((ROOT / app).rglob("*.py"))
        if "migrations" not in path.parts and path != ROOT / "sessions_app" / "lifecycle.py"
    ]


@pytest.mark.parametrize(
    "pattern",
    [r"\bsession\.status\s*=[^=]", r"update\(status=SessionStatus", r"Session\.objects\.select_for_update"],
)
def test_only_the_lifecycle_writes_or_locks_a_session(pattern: str) -> None:
    found = [
        str(path.relative_to(ROOT)) for path in _app_modules() if re.search(pattern, path.read_text(encoding="utf-8"))
    ]
    assert found == []

"""The generic limit on failed attempts (DOMAIN.md §4), with the time injected."""

from __future__ import annotations

import datetime as dt
import logging

import pytest

from accounts.models import Throttle
from accounts.throttle import throttle_failure, throttle_locked_until, throttle_success

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2021, 3, 1, 9, 0, tzinfo=dt.UTC)
MINUTE = dt.timedelta(minutes=1)


def _fail(
    times: int, *, start: dt.datetime = T0, step: dt.timedelta = dt.timedelta(seconds=10), key: str = "123"
) -> dt.datetime | None:
    result = None
    for i in range(times):
        result = throttle_failure(scope="join", key=key, now=start + i * step)
    return result


def test_it_does_not_lock_after_nine_failures() -> None:
    assert _fail(9) is None
    assert throttle_locked_until(scope="join", key="123", now=T0 + 2 * MINUTE) is None


def test_it_locks_for_two_minutes_at_the_tenth_failure_within_ten_minutes() -> None:
    tenth_at = T0 + 9 * dt.timedelta(seconds=10)
    assert _fail(10) == tenth_at + 2 * MINUTE
    assert throttle_locked_until(scope="join", key="123", now=tenth_at + MINUTE) == tenth_at + 2 * MINUTE
    assert throttle_locked_until(scope="join", key="123", now=tenth_at + 2 * MINUTE) is None


def test_it_forgets_failures_older_than_the_window() -> None:
    assert _fail(9) is None
    assert throttle_failure(scope="join", key="123", now=T0 + 11 * MINUTE) is None
    assert Throttle.objects.get().failures == 1


def test_it_doubles_the_lock_on_repeat() -> None:
    first = _fail(10)
    assert first is not None
    second = _fail(10, start=first)
    assert second is not None
    assert second - (first + 9 * dt.timedelta(seconds=10)) == 4 * MINUTE
    third = _fail(10, start=second)
    assert third is not None
    assert third - (second + 9 * dt.timedelta(seconds=10)) == 8 * MINUTE


def test_it_forgets_the_doubling_after_a_quiet_window() -> None:
    first = _fail(10)
    assert first is not None
    later = first + 10 * MINUTE
    again = _fail(10, start=later)
    assert again == later + 9 * dt.timedelta(seconds=10) + 2 * MINUTE


def test_it_does_not_count_attempts_during_a_lock() -> None:
    until = _fail(10)
    assert throttle_failure(scope="join", key="123", now=T0 + 2 * dt.timedelta(seconds=50)) == until
    assert Throttle.objects.get().failures == 0


def test_it_keeps_scopes_and_keys_apart() -> None:
    _fail(10)
    now = T0 + 2 * dt.timedelta(seconds=50)
    assert throttle_locked_until(scope="join", key="124", now=now) is None
    assert throttle_locked_until(scope="supervisor", key="123", now=now) is None


def test_it_resets_the_failures_on_success() -> None:
    _fail(9)
    throttle_success(scope="join", key="123")
    assert _fail(9, start=T0 + MINUTE) is None


def test_it_logs_a_warning_on_each_lock(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="pixcertif.throttle"):
        _fail(10)
    assert [r.levelno for r in caplog.records] == [logging.WARNING]
    assert "scope=join" in caplog.records[0].getMessage()


def test_it_bounds_a_huge_key() -> None:
    assert throttle_failure(scope="join", key="9" * 10_000, now=T0) is None
    assert len(Throttle.objects.get().key) == 255

"""The generic limit on failed attempts (DOMAIN.md §4), with the time injected."""

from __future__ import annotations

import datetime as dt
import importlib
import logging

import pytest
from django.apps import apps

from accounts.models import Throttle
from accounts.throttle import (
    key_digest,
    stored_key,
    throttle_check,
    throttle_failure,
    throttle_locked_until,
    throttle_success,
)

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


def test_it_stores_an_outside_key_hashed_and_still_counts_and_locks_it() -> None:
    for i in range(10):
        locked = throttle_failure(scope="verification", key="203.0.113.7", now=T0 + i * MINUTE / 6)
    assert locked is not None
    (row,) = Throttle.objects.all()
    assert row.key == stored_key("verification", "203.0.113.7") and len(row.key) == 64
    assert "203.0.113.7" not in row.key and "203.0.113.7" not in str(row)
    assert throttle_locked_until(scope="verification", key="203.0.113.7", now=T0 + 2 * MINUTE) == locked
    assert throttle_locked_until(scope="verification", key="203.0.113.8", now=T0 + 2 * MINUTE) is None


def test_it_hashes_a_huge_outside_key_whole() -> None:
    throttle_failure(scope="signup", key="a" * 10_000, now=T0)
    assert throttle_locked_until(scope="signup", key="a" * 9_999, now=T0) is None
    assert Throttle.objects.get().key == stored_key("signup", "a" * 10_000)


def test_the_account_keys_of_join_and_supervision_stay_readable() -> None:
    throttle_failure(scope="join", key="compte:7:session:12", now=T0)
    throttle_failure(scope="supervision", key="compte:7", now=T0)
    assert set(Throttle.objects.values_list("key", flat=True)) == {"compte:7:session:12", "compte:7"}


def test_check_returns_the_keys_as_the_caller_named_them_in_a_hashed_scope() -> None:
    throttle_failure(scope="signup", key="adresse:lea@exemple.fr", now=T0)
    check = throttle_check(scope="signup", keys=["adresse:lea@exemple.fr", "client:203.0.113.7"], now=T0)
    assert check.failing_keys == ("adresse:lea@exemple.fr",) and check.locked_until is None


def test_the_same_key_hashes_differently_per_scope_and_with_another_secret(settings: object) -> None:
    assert stored_key("verification", "1.2.3.4") != stored_key("lsu-token", "1.2.3.4")
    before = (stored_key("verification", "1.2.3.4"), key_digest("1.2.3.4"))
    settings.SECRET_KEY = "un-autre-secret-de-test"  # type: ignore[attr-defined]
    assert (stored_key("verification", "1.2.3.4"), key_digest("1.2.3.4")) != tuple(before)


def test_the_data_migration_hashes_the_clear_addresses_and_keeps_the_account_keys() -> None:
    migration = importlib.import_module("accounts.migrations.0003_throttle_keys_hashed")
    Throttle.objects.create(scope="verification", key="203.0.113.7", failures=3)
    Throttle.objects.create(scope="lsu-token", key="127.0.0.1", locked_until=T0, lock_count=1)
    Throttle.objects.create(scope="join", key="compte:7")
    migration.hash_clear_keys(apps, None)
    migration.hash_clear_keys(apps, None)  # twice: nothing more changes
    assert set(Throttle.objects.values_list("scope", "key")) == {
        ("verification", stored_key("verification", "203.0.113.7")),
        ("lsu-token", stored_key("lsu-token", "127.0.0.1")),
        ("join", "compte:7"),
    }
    assert throttle_locked_until(scope="lsu-token", key="127.0.0.1", now=T0 - MINUTE) == T0

"""A generic, database-backed limit on failed attempts (DOMAIN.md §4: joining a session).

``throttle_locked_until(*, scope, key, now) -> datetime | None``
    When the key is locked, the end of the lock; else None. Ask it before checking the secret.
``throttle_failure(*, scope, key, now, limit=10, window=10 min, lock=2 min) -> datetime | None``
    Count one failure. The ``limit``-th failure within ``window`` (counted from the first one) locks the
    key for ``lock × 2**lock_count`` (2, 4, 8… minutes), logs a WARNING (the audit line) and starts
    counting again from zero. Returns the end of the lock when the key is (or already was) locked.
    The doubling is forgotten once a whole ``window`` has passed after the end of the last lock.
``throttle_success(*, scope, key) -> None``
    Forget the failures counted so far (not the doubling: an attacker cannot reset it by
    interleaving one right attempt).

Scopes used so far: ``join`` and ``supervision`` (keys: the account that failed, and the account with the
session number read as a number — never the session alone, so that nobody can lock a room out:
docs/passage-du-test.md, SECURITY.md), ``verification`` and ``lsu-token`` (key: the client's address,
``pixcertif.lib.client_ip``), ``signup`` and ``password_reset`` (``throttle_request``: the e-mails sent, keys
``adresse:<e-mail>`` and ``client:<address>``). The login form is locked by
django-axes (scope ``login``): its lockout signal goes through the same audit line.

The audit line of every lock: a WARNING on the ``pixcertif.throttle`` logger,
``throttle.locked scope=… key_sha256=… until=… lock_count=…``. The key is hashed (an HMAC keyed with
SECRET_KEY, so that nobody can hash every IPv4 address to read a line back).

The stored key (``stored_key``): the scopes whose keys we build from our own identifiers (``join`` and
``supervision``: ``compte:<user id>``, ``compte:<user id>:session:<number>``) keep them clear, so that staff
see in the admin which account and which session are being guessed; every other scope's key is something
from the outside world (a client's address, a typed e-mail) and is stored as an HMAC of SECRET_KEY: it
still counts and locks, and serves nobody as text (docs/donnees-personnelles.md). Changing SECRET_KEY
forgets those counters, nothing else. The functions take and return the keys as the caller names them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction

from accounts.models import Throttle

logger = logging.getLogger("pixcertif.throttle")

DEFAULT_LIMIT = 10
DEFAULT_WINDOW = dt.timedelta(minutes=10)
DEFAULT_LOCK = dt.timedelta(minutes=2)
KEY_MAX_LENGTH = 255


# Keys built from our own identifiers (no personal data): kept clear for staff and supervision.
CLEAR_SCOPES = frozenset({"join", "supervision"})


def _hmac(message: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), message.encode("utf-8", errors="replace"), hashlib.sha256).hexdigest()


def stored_key(scope: str, key: str) -> str:
    """The ``Throttle.key`` of a key: clear (bounded) for CLEAR_SCOPES, else its HMAC (64 hex digits)."""
    if scope in CLEAR_SCOPES:
        # Bounded, so that a huge input is one row, not an error.
        return key[:KEY_MAX_LENGTH]
    return _hmac(f"throttle:{scope}:{key}")


def key_digest(key: str) -> str:
    """What the audit line says of a key: enough to match two lines, nothing to read back."""
    return _hmac(f"audit:{key}")[:16]


def throttle_audit_lock(*, scope: str, key: str, until: dt.datetime | None, lock_count: int) -> None:
    """The audit line of a lock (every scope, axes' login lockout too)."""
    logger.warning(
        "throttle.locked scope=%s key_sha256=%s until=%s lock_count=%d",
        scope,
        key_digest(key),
        until.isoformat() if until else "-",
        lock_count,
    )


def throttle_locked_until(*, scope: str, key: str, now: dt.datetime) -> dt.datetime | None:
    locked_until = (
        Throttle.objects.filter(scope=scope, key=stored_key(scope, key)).values_list("locked_until", flat=True).first()
    )
    if locked_until is not None and locked_until > now:
        return locked_until
    return None


def _locked_row(scope: str, key: str) -> Throttle:
    """The row under a lock, created on the first failure (two first failures at once: one insert wins)."""
    try:
        with transaction.atomic():
            Throttle.objects.get_or_create(scope=scope, key=key)
    except IntegrityError:
        pass
    return Throttle.objects.select_for_update().get(scope=scope, key=key)


def throttle_failure(
    *,
    scope: str,
    key: str,
    now: dt.datetime,
    limit: int = DEFAULT_LIMIT,
    window: dt.timedelta = DEFAULT_WINDOW,
    lock: dt.timedelta = DEFAULT_LOCK,
) -> dt.datetime | None:
    with transaction.atomic():
        row = _locked_row(scope, stored_key(scope, key))
        if row.locked_until is not None and row.locked_until > now:
            return row.locked_until  # attempts during a lock are refused before any check: not counted
        if row.locked_until is not None and now >= row.locked_until + window:
            row.lock_count = 0
        if row.window_started_at is None or now >= row.window_started_at + window:
            row.failures, row.window_started_at = 0, now
        row.failures += 1
        locked_until = None
        if row.failures >= limit:
            locked_until = now + lock * 2**row.lock_count
            row.locked_until, row.lock_count = locked_until, row.lock_count + 1
            row.failures, row.window_started_at = 0, None
            throttle_audit_lock(scope=scope, key=key, until=locked_until, lock_count=row.lock_count)
        row.save(update_fields=["failures", "window_started_at", "locked_until", "lock_count"])
    return locked_until


def throttle_success(*, scope: str, key: str) -> None:
    Throttle.objects.filter(scope=scope, key=stored_key(scope, key)).update(failures=0, window_started_at=None)


@dataclass(frozen=True)
class ThrottleCheck:
    """What ``throttle_check`` read of several keys in one query."""

    locked_until: dt.datetime | None  # the latest end of a lock among the keys, None when none is locked
    failing_keys: tuple[str, ...]  # the keys with failures counted: the ones a success must forget


def throttle_check(*, scope: str, keys: Sequence[str], now: dt.datetime) -> ThrottleCheck:
    """``throttle_locked_until`` for several keys at once (the join checks the account and the account + session)."""
    stored = {stored_key(scope, k): k for k in keys}  # the stored form → the key as the caller names it
    rows = Throttle.objects.filter(scope=scope, key__in=list(stored)).values_list("key", "locked_until", "failures")
    locks = [until for _key_, until, _failures in rows if until is not None and until > now]
    return ThrottleCheck(
        locked_until=max(locks, default=None),
        failing_keys=tuple(stored[key] for key, _until, failures in rows if failures),
    )


def throttle_request(
    *, scope: str, limits: Mapping[str, int], now: dt.datetime, window: dt.timedelta, lock: dt.timedelta
) -> dt.datetime | None:
    """Count one request that sends something (an e-mail) against each key's limit: None when it may go.

    Unlike a failure, every request counts, and the one that reaches a limit still goes: ``limit`` requests
    per ``window`` pass, the next ones are refused until the lock ends (then the lock doubles, as above).
    """
    check = throttle_check(scope=scope, keys=list(limits), now=now)
    if check.locked_until is not None:
        return check.locked_until
    for key, limit in limits.items():
        throttle_failure(scope=scope, key=key, now=now, limit=limit, window=window, lock=lock)
    return None

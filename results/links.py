"""The signed link of a result recipient: no login, the link is the only secret (DOMAIN.md §7).

The token names the session, the recipient's address and the publication it was sent for: unpublishing
(or publishing again) retires every earlier link. It expires 30 days after it was issued.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core import signing

from sessions_app.lifecycle import is_published
from sessions_app.models import Session

SALT = "results.recipient-link"
VALIDITY = dt.timedelta(days=30)


class _ClockSigner(signing.TimestampSigner):
    """A TimestampSigner reading the injected clock instead of time.time(), so that tests need no freezing."""

    def __init__(self, *, now: dt.datetime) -> None:
        super().__init__(salt=SALT)
        self.now = now

    def timestamp(self) -> str:
        return signing.b62_encode(int(self.now.timestamp()))

    def unsign(self, value: str, max_age: Any = None) -> str:
        result = signing.Signer.unsign(self, value)
        value, timestamp = result.rsplit(self.sep, 1)
        age = self.now.timestamp() - signing.b62_decode(timestamp)
        if max_age is not None and age > (max_age.total_seconds() if isinstance(max_age, dt.timedelta) else max_age):
            raise signing.SignatureExpired(f"Signature age {age} > {max_age} seconds")
        return value


def _published_stamp(session: Session) -> int:
    assert session.published_at is not None
    return int(session.published_at.timestamp())


def recipient_token(*, session: Session, email: str, now: dt.datetime) -> str:
    """The token of ``email``'s link to the published results of ``session``, issued at ``now``."""
    payload = {"s": session.pk, "e": email.strip().lower(), "p": _published_stamp(session)}
    return _ClockSigner(now=now).sign_object(payload)


@dataclass(frozen=True)
class RecipientAccess:
    session: Session
    email: str


def recipient_access(token: str, *, now: dt.datetime) -> RecipientAccess | None:
    """Who the link is for, or None when it is forged, expired, or its publication was withdrawn."""
    try:
        payload = _ClockSigner(now=now).unsign_object(token, max_age=VALIDITY)
        session_id, email, stamp = int(payload["s"]), str(payload["e"]), int(payload["p"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    session = Session.objects.select_related("centre").filter(pk=session_id).first()
    if session is None or not is_published(session) or _published_stamp(session) != stamp:
        return None
    return RecipientAccess(session=session, email=email)

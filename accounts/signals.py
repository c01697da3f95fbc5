"""The login lockout of django-axes written to the same audit line as every other lock."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import timezone

from accounts.throttle import throttle_audit_lock


def audit_login_lockout(
    sender: Any, request: Any = None, username: str | None = None, ip_address: str | None = None, **kwargs: Any
) -> None:
    # Key: the pair axes locks (AXES_LOCKOUT_PARAMETERS), hashed like the other scopes' keys.
    cooloff = settings.AXES_COOLOFF_TIME
    until = timezone.now() + cooloff if cooloff else None
    throttle_audit_lock(
        scope="login", key=f"{(username or '').strip().lower()}|{ip_address or ''}", until=until, lock_count=1
    )

"""The logged-in user of a request, typed: one helper for every view that sits behind ``login_required``."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from accounts.models import User


def request_user(request: HttpRequest) -> User:
    """``request.user`` as a ``User``; 403 for an anonymous visitor, never a crash, should a view forget its guard."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user

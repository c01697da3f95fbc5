from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from centres.current import current_membership


def current_centre(request: HttpRequest) -> dict[str, Any]:
    """The centre the member is working in, for the header and its switcher."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    membership, memberships = current_membership(request)
    return {"current_membership": membership, "my_memberships": memberships}

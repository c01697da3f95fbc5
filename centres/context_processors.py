from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from centres.current import current_membership


def current_centre(request: HttpRequest) -> dict[str, Any]:
    """The centre the member is working in, for the header and its switcher.

    Lazy: read only by a page that shows the centre menu (a candidate's page does not: no query).
    """
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    return {
        "current_membership": SimpleLazyObject(lambda: current_membership(request)[0]),
        "my_memberships": SimpleLazyObject(lambda: current_membership(request)[1]),
    }

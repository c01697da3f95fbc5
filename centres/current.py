"""Which centre a member is working in; several memberships switch through the session."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from accounts.models import User
from centres.models import Membership
from centres.selectors import memberships_of

SESSION_KEY = "pixcertif_centre_id"


def current_membership(request: HttpRequest) -> tuple[Membership | None, list[Membership]]:
    """The current membership (cached on the request) and all the user's active ones."""
    cached = getattr(request, "_pixcertif_memberships", None)
    if cached is None:
        assert isinstance(request.user, User)
        memberships = list(memberships_of(request.user).order_by("centre__name"))
        wanted = request.session.get(SESSION_KEY)
        chosen = next((m for m in memberships if m.centre_id == wanted), memberships[0] if memberships else None)
        cached = (chosen, memberships)
        request._pixcertif_memberships = cached  # type: ignore[attr-defined]
    return cached


def require_membership(request: HttpRequest) -> Membership:
    membership, _all = current_membership(request)
    if membership is None:
        raise Http404("Aucun centre")
    return membership


def switch_centre(request: HttpRequest, centre_id: int) -> Membership:
    _current, memberships = current_membership(request)
    chosen = next((m for m in memberships if m.centre_id == centre_id), None)
    if chosen is None:
        raise Http404("Centre inconnu")
    request.session[SESSION_KEY] = chosen.centre_id
    request._pixcertif_memberships = (chosen, memberships)  # type: ignore[attr-defined]
    return chosen

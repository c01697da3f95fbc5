"""Which centre a member is working in; several memberships switch through the session.

Without a choice in this browser session (a fresh login), the member works in the centre he last switched to,
else in the first (by name) where he is an administrator, else in the first one (docs/architecture.md).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest

from accounts.models import User
from centres.models import Membership
from centres.selectors import memberships_of

SESSION_KEY = "pixcertif_centre_id"


class OtherCentre(Exception):
    """The object asked for belongs to another of the user's own centres; centres.middleware answers with a
    page that names that centre and offers to switch to it (a stranger still gets a 404)."""

    def __init__(self, membership: Membership, *, what: str, next_url: str) -> None:
        super().__init__(what)
        self.membership = membership
        self.what = what
        self.next_url = next_url


def default_membership(memberships: list[Membership]) -> Membership | None:
    used = [m for m in memberships if m.last_used_at is not None]
    if used:
        return max(used, key=lambda m: m.last_used_at)  # type: ignore[arg-type, return-value]
    return next((m for m in memberships if m.is_admin), memberships[0] if memberships else None)


def current_membership(request: HttpRequest) -> tuple[Membership | None, list[Membership]]:
    """The current membership (cached on the request) and all the user's active ones."""
    cached = getattr(request, "_pixcertif_memberships", None)
    if cached is None:
        assert isinstance(request.user, User)
        memberships = list(memberships_of(request.user).order_by("centre__name"))
        wanted = request.session.get(SESSION_KEY)
        chosen = next((m for m in memberships if m.centre_id == wanted), None) or default_membership(memberships)
        cached = (chosen, memberships)
        request._pixcertif_memberships = cached  # type: ignore[attr-defined]
    return cached


def require_membership(request: HttpRequest) -> Membership:
    membership, _all = current_membership(request)
    if membership is None:
        raise Http404("Aucun centre")
    return membership


def own_membership_of(request: HttpRequest, centre_id: int | None) -> Membership | None:
    """The user's active membership of ``centre_id``, if he has one."""
    _current, memberships = current_membership(request)
    return next((m for m in memberships if m.centre_id == centre_id), None)


def switch_centre(request: HttpRequest, centre_id: int) -> Membership:
    chosen = own_membership_of(request, centre_id)
    if chosen is None:
        raise Http404("Centre inconnu")
    _current, memberships = current_membership(request)
    request.session[SESSION_KEY] = chosen.centre_id
    request._pixcertif_memberships = (chosen, memberships)  # type: ignore[attr-defined]
    return chosen

"""The one fetch-and-authorise helper of the centre space's session pages (every app's views call it)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from centres.current import OtherCentre, own_membership_of, require_membership
from sessions_app.models import Session
from sessions_app.selectors import sessions_of_centre


def session_for_member(request: HttpRequest, pk: int, *, queryset: QuerySet[Session] | None = None) -> Session:
    """The session if it belongs to the member's current centre (with its counts, unless ``queryset`` is given).

    A session of another of his own centres (a printed link, a convocation) raises ``OtherCentre``: a page
    names its centre and offers to switch. Anyone else gets the 404 of a session that does not exist.
    """
    membership = require_membership(request)
    if queryset is None:
        queryset = sessions_of_centre(membership.centre).select_related("centre")
    session = queryset.filter(centre=membership.centre, pk=pk).first()
    if session is not None:
        return session
    centre_id = Session.objects.filter(pk=pk).values_list("centre_id", flat=True).first()
    other = own_membership_of(request, centre_id) if centre_id is not None else None
    if other is None:
        raise Http404("Session inconnue")
    # After the switch, come back here; a POST is not replayed: its session's page instead.
    next_url = request.get_full_path() if request.method == "GET" else reverse("sessions_app:session_detail", args=[pk])
    raise OtherCentre(other, what=_("La session n° %(id)s") % {"id": pk}, next_url=next_url)

"""Downloads of the session documents (attendance sheet, PV d'incident, kit surveillant)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.views.decorators.cache import never_cache

from candidates import pdf
from pixcertif.lib.urls import site_url
from sessions_app.access import session_for_member
from sessions_app.models import Session

Renderer = Callable[[Session], tuple[str, str, bytes]]


def _get_session_for_member(request: HttpRequest, session_pk: int) -> Session:
    """The session if it belongs to the member's current centre; OtherCentre or 404 otherwise (sessions_app/access.py)."""
    return session_for_member(request, session_pk)


def _download(request: HttpRequest, session_pk: int, render: Renderer) -> HttpResponse:
    session = _get_session_for_member(request, session_pk)
    # Checked after the lookup, so that a stranger gets the same 404 whatever the method.
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    filename, content_type, content = render(session)
    response = HttpResponse(content, content_type=content_type)
    # Our filenames are plain ASCII (feuille-emargement-session-12.pdf): no RFC 5987 encoding needed.
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# never_cache: the kit holds the session password, and every document changes with the candidate list.
@never_cache
@login_required
def attendance_sheet(request: HttpRequest, session_pk: int) -> HttpResponse:
    return _download(request, session_pk, pdf.attendance_sheet)


@never_cache
@login_required
def incident_report_form(request: HttpRequest, session_pk: int) -> HttpResponse:
    return _download(request, session_pk, pdf.incident_report_form)


@never_cache
@login_required
def supervisor_kit(request: HttpRequest, session_pk: int) -> HttpResponse:
    # The portal's address as the centre reached the site, never a configured or guessed one.
    return _download(request, session_pk, lambda session: pdf.supervisor_kit(session, site_url=site_url(request)))

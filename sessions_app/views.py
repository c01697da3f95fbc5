from __future__ import annotations

import threading

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.requests import request_user
from centres.current import require_membership
from centres.selectors import centre_has_roster
from sessions_app import services
from sessions_app.access import session_for_member
from sessions_app.filters import DEFAULT_SORT, SessionFilter, sort_sessions
from sessions_app.forms import SessionForm
from sessions_app.models import Session
from sessions_app.selectors import session_events, session_postponements, sessions_of_centre


def _get_session_for_member(request: HttpRequest, pk: int) -> Session:
    """The session if it belongs to the member's current centre; OtherCentre or 404 otherwise (sessions_app/access.py)."""
    return session_for_member(request, pk)


# The eight DSFR filter fields of the session list cost ~2 ms of CPU to render, and their HTML depends only on
# the filters' values (``query``, rebuilt by the view from the valid ones) and the language: kept per process
# (a deployment restarts the processes, so a changed template is never served stale), at most 256 of them.
_FILTER_FIELDS: dict[tuple[str, str], SafeString] = {}
_FILTER_FIELDS_LOCK = threading.Lock()
_FILTER_FIELDS_MAX = 256


def _filter_fields(filterset: SessionFilter, query: str) -> SafeString:
    key = (query, get_language() or "")
    html = _FILTER_FIELDS.get(key)
    if html is None:
        html = render_to_string("sessions_app/includes/session_filter_fields.html", {"filter": filterset})
        with _FILTER_FIELDS_LOCK:
            if len(_FILTER_FIELDS) >= _FILTER_FIELDS_MAX:
                _FILTER_FIELDS.pop(next(iter(_FILTER_FIELDS)))
            _FILTER_FIELDS[key] = html
    return html


@login_required
def session_list(request: HttpRequest) -> HttpResponse:
    membership = require_membership(request)
    queryset = sort_sessions(sessions_of_centre(membership.centre), DEFAULT_SORT)
    data = request.GET.copy()
    data.pop("page", None)
    filterset = SessionFilter(data, queryset=queryset)
    if not filterset.is_valid():
        # A bad value (a typo in the URL, a half-typed date) is ignored, never a 500.
        for name, errors in filterset.errors.items():
            label = filterset.filters[name].label if name in filterset.filters else name
            messages.warning(
                request, _("Le filtre « %(label)s » a été ignoré : %(error)s") % {"label": label, "error": errors[0]}
            )
            data.pop(name, None)
        filterset = SessionFilter(data, queryset=queryset)
    page = Paginator(filterset.qs, settings.PIXCERTIF_SESSIONS_PER_PAGE).get_page(request.GET.get("page"))
    active_sort = data.get("tri") or DEFAULT_SORT
    query = data.urlencode()
    return render(
        request,
        "sessions_app/session_list.html",
        {
            "filter": filterset,
            "filter_fields": _filter_fields(filterset, query),
            "page_obj": page,
            "active_sort": active_sort,
            "query": query,
            "filtered": any(v for k, v in data.items() if k != "tri"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request: HttpRequest) -> HttpResponse:
    membership = require_membership(request)
    form = SessionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.session_create(centre=membership.centre, by=request_user(request), **form.cleaned_data)
        except services.SessionError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("La session n° %(id)s a été créée.") % {"id": session.pk})
            return redirect("sessions_app:session_detail", pk=session.pk)
    return render(request, "sessions_app/session_form.html", {"form": form, "session": None})


@login_required
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = _get_session_for_member(request, pk)
    candidate_count: int = session.candidate_count  # type: ignore[attr-defined]
    return render(
        request,
        "sessions_app/session_detail.html",
        {
            "session": session,
            "candidate_count": candidate_count,
            "lacks_supervisors": session.lacks_supervisors(candidate_count),
            "supervisors_needed": session.supervisors_needed(candidate_count),
            "events": session_events(session)[:50],
            # A school with a roster enrols from it; SUP, PRO and a school without one import an ODS list.
            "lists_candidates_by_ods": not session.centre.is_sco or not centre_has_roster(session.centre),
            "postponements": session_postponements(session),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_update(request: HttpRequest, pk: int) -> HttpResponse:
    session = _get_session_for_member(request, pk)
    initial = {name: getattr(session, name) for name in services.EDITABLE_FIELDS}
    form = SessionForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_update(session=session, by=request_user(request), **form.cleaned_data)
        except services.SessionError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("La session n° %(id)s a été modifiée.") % {"id": session.pk})
            return redirect("sessions_app:session_detail", pk=session.pk)
    return render(request, "sessions_app/session_form.html", {"form": form, "session": session})


@login_required
@require_http_methods(["GET", "POST"])
def session_delete(request: HttpRequest, pk: int) -> HttpResponse:
    session = _get_session_for_member(request, pk)
    if request.method == "POST":
        try:
            number = services.session_delete(session=session, by=request_user(request))
        except services.SessionError as error:
            messages.error(request, error.message)
            if not Session.objects.filter(pk=session.pk).exists():
                return redirect("sessions_app:session_list")
            return redirect("sessions_app:session_detail", pk=session.pk)
        messages.success(request, _("La session n° %(id)s a été supprimée.") % {"id": number})
        return redirect("sessions_app:session_list")
    return render(request, "sessions_app/session_delete.html", {"session": session})

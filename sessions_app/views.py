from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.models import User
from centres.current import require_membership
from sessions_app import services
from sessions_app.filters import DEFAULT_SORT, SessionFilter, sort_sessions
from sessions_app.forms import PostponeForm, SessionForm
from sessions_app.models import Session
from sessions_app.selectors import session_events, sessions_of_centre


def _get_session_for_member(request: HttpRequest, pk: int) -> Session:
    """The session if it belongs to the member's current centre; 404 for anyone else."""
    membership = require_membership(request)
    return get_object_or_404(sessions_of_centre(membership.centre).select_related("centre"), pk=pk)


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


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
    return render(
        request,
        "sessions_app/session_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "active_sort": active_sort,
            "query": data.urlencode(),
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
            session = services.session_create(centre=membership.centre, by=_user(request), **form.cleaned_data)
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
            services.session_update(session=session, by=_user(request), **form.cleaned_data)
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
            number = services.session_delete(session=session, by=_user(request))
        except services.SessionError as error:
            messages.error(request, error.message)
            if not Session.objects.filter(pk=session.pk).exists():
                return redirect("sessions_app:session_list")
            return redirect("sessions_app:session_detail", pk=session.pk)
        messages.success(request, _("La session n° %(id)s a été supprimée.") % {"id": number})
        return redirect("sessions_app:session_list")
    return render(request, "sessions_app/session_delete.html", {"session": session})


@login_required
@require_http_methods(["GET", "POST"])
def session_postpone(request: HttpRequest, pk: int) -> HttpResponse:
    session = _get_session_for_member(request, pk)
    form = PostponeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            new = services.session_postpone(session=session, by=_user(request), **form.cleaned_data)
        except services.SessionError as error:
            form.add_error(error.field, error.message)
        else:
            text = _("La session n° %(old)s a été reportée : voici la nouvelle session n° %(new)s, avec de nouveaux codes.")
            messages.success(request, text % {"old": session.pk, "new": new.pk})
            return redirect("sessions_app:session_detail", pk=new.pk)
    return render(request, "sessions_app/session_postpone.html", {"form": form, "session": session})

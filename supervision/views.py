"""The supervisor portal (DOMAIN.md §4): session number + session password, then the live room.

Any logged-in user may supervise (the supervisor uses their own account); what opens a session is
its password, remembered in the user's Django session. Every portal URL checks that memory first:
a session not opened this way answers 404, whoever asks.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import User
from accounts.requests import request_user
from accounts.throttle import throttle_check, throttle_failure, throttle_success
from candidates.models import Candidate
from candidates.services import candidate_cancel_presence, candidate_confirm_presence
from certification.models import CertificationCourse
from certification.selectors import CandidateProgress, session_progress
from certification.services import course_authorise_resume, course_end_by_supervisor
from finalisation.forms import IssueReportForm
from finalisation.models import IssueReport, IssueSource
from finalisation.services import IssueReportError, issue_report_record
from pixcertif.lib.errors import ServiceError
from sessions_app.models import Session
from sessions_app.services import session_close_admissions
from supervision.forms import SupervisorLoginForm
from supervision.selectors import incident_counts, session_for_supervisor, session_incidents, sessions_supervised

SUPERVISED_SESSIONS = "supervision_sessions"
THROTTLE_SCOPE = "supervision"
# Like the candidates' join (certification.services.course_join): failures count against the account that
# made them — 10 on one session number, 20 on any — so that nobody can lock a supervisor out of the portal.
SUPERVISION_LIMIT_PER_SESSION = 10
SUPERVISION_LIMIT_PER_ACCOUNT = 20
POLL_SECONDS = 5


def _supervised_ids(request: HttpRequest) -> list[int]:
    return list(request.session.get(SUPERVISED_SESSIONS, []))


def _get_supervised_session(request: HttpRequest, pk: int) -> Session:
    """The session if this browser session entered its password; 404 for anyone else."""
    if pk not in _supervised_ids(request):
        raise Http404
    return get_object_or_404(Session.objects.select_related("centre"), pk=pk)


def _get_supervised_candidate(request: HttpRequest, session_pk: int, pk: int) -> Candidate:
    session = _get_supervised_session(request, session_pk)
    candidate = get_object_or_404(Candidate, pk=pk, session=session)
    candidate.session = session
    return candidate


def supervision_throttle_keys(*, user: User, number: str) -> dict[str, int]:
    """Key → limit: the account with the session number read as a number (« 043 » is 43), and the account."""
    account = f"compte:{user.pk}"
    keys = {account: SUPERVISION_LIMIT_PER_ACCOUNT}
    if number.isascii() and number.isdigit() and len(number) <= 18:
        keys[f"{account}:session:{int(number)}"] = SUPERVISION_LIMIT_PER_SESSION
    return keys  # not a number: no session can match, the account's counter is enough


@login_required
@require_http_methods(["GET", "POST"])
def supervisor_login(request: HttpRequest) -> HttpResponse:
    form = SupervisorLoginForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        now = timezone.now()
        number = form.cleaned_data["session_number"]
        password = form.cleaned_data["session_password"]
        keys = supervision_throttle_keys(user=request_user(request), number=number)
        check = throttle_check(scope=THROTTLE_SCOPE, keys=list(keys), now=now)
        session = None if check.locked_until else session_for_supervisor(number=number, password=password)
        if check.locked_until:
            form.add_error(
                None,
                _("Trop de tentatives pour cette session. Réessayez à %(time)s.")
                % {"time": time_format(localtime(check.locked_until), "H:i")},
            )
        elif session is None:
            for key, limit in keys.items():
                throttle_failure(scope=THROTTLE_SCOPE, key=key, now=now, limit=limit)
            form.add_error(None, _("Le numéro de session et/ou le mot de passe saisis sont incorrects."))
        else:
            for key in check.failing_keys:
                throttle_success(scope=THROTTLE_SCOPE, key=key)
            others = [i for i in _supervised_ids(request) if i != session.pk]
            request.session[SUPERVISED_SESSIONS] = [*others, session.pk]
            return redirect("supervision:session_portal", pk=session.pk)
    return render(
        request,
        "supervision/supervisor_login.html",
        {"form": form, "supervised": sessions_supervised(_supervised_ids(request))},
    )


@dataclass(frozen=True)
class PortalLine:
    """One row of the live table: the candidate's progress and what the supervisor can do now.

    The name and the action URLs are computed here rather than by template filters and ``{% url %}`` tags:
    the table is re-rendered every few seconds for every supervisor (docs/performance.md).
    """

    progress: CandidateProgress
    incident_count: int
    presence_confirmed: bool
    resume_authorised: bool
    name: str
    presence_confirm_url: str
    presence_cancel_url: str
    resume_authorise_url: str
    test_end_url: str
    incidents_url: str


_URL_SENTINEL = 987654321


def _candidate_url(name: str, session_pk: int) -> Callable[[int], str]:
    """``reverse(name, args=[session_pk, candidate_pk])`` for every candidate of a session, reversed once."""
    prefix, suffix = reverse(f"supervision:{name}", args=[session_pk, _URL_SENTINEL]).rsplit(str(_URL_SENTINEL), 1)
    return lambda candidate_pk: f"{prefix}{candidate_pk}{suffix}"


# Rows of the live table, rendered once and kept per process: the table is re-rendered every 5 s for every
# supervisor, and most rows have not changed since the last poll. The key is everything a row shows (the line,
# the session's state, the language and time zone); the CSRF token, different for each request, goes in after.
_ROWS: dict[tuple[object, ...], str] = {}
_ROWS_LOCK = threading.Lock()
_ROWS_MAX = 4096
_CSRF_PLACEHOLDER = "pixcertifcsrftokenplaceholder"


def _row_html(session: Session, line: PortalLine, csrf_token: str) -> SafeString:
    key = (
        line,
        session.pk,
        session.accepts_candidates(),
        session.admissions_closed_at is not None,
        get_language(),
        timezone.get_current_timezone_name(),
    )
    html = _ROWS.get(key)
    if html is None:
        html = render_to_string(
            "supervision/includes/live_row.html", {"line": line, "session": session, "csrf_token": _CSRF_PLACEHOLDER}
        )
        with _ROWS_LOCK:
            if len(_ROWS) >= _ROWS_MAX:
                _ROWS.pop(next(iter(_ROWS)))
            _ROWS[key] = html
    # The row was escaped by the template engine; the token is escaped here (it is only letters and digits).
    return mark_safe(html.replace(_CSRF_PLACEHOLDER, escape(csrf_token)))  # noqa: S308


def _live_context(session: Session, csrf_token: str) -> dict[str, object]:
    now = timezone.now()
    counts = incident_counts(session)
    confirm, cancel, resume, end, incidents = (
        _candidate_url(name, session.pk)
        for name in (
            "candidate_presence_confirm",
            "candidate_presence_cancel",
            "candidate_resume_authorise",
            "candidate_test_end",
            "candidate_incidents",
        )
    )
    lines = [
        PortalLine(
            progress=row,
            incident_count=counts.get(row.candidate_id, 0),
            presence_confirmed=row.authorized_to_start_until is not None and row.authorized_to_start_until > now,
            resume_authorised=row.resume_authorised_until is not None and row.resume_authorised_until > now,
            name=f"{row.first_name} {row.last_name}",
            presence_confirm_url=confirm(row.candidate_id),
            presence_cancel_url=cancel(row.candidate_id),
            resume_authorise_url=resume(row.candidate_id),
            test_end_url=end(row.candidate_id),
            incidents_url=incidents(row.candidate_id),
        )
        for row in session_progress(session)
    ]
    return {
        "session": session,
        "lines": lines,
        "rows_html": [_row_html(session, line, csrf_token) for line in lines],
        "started_count": sum(1 for line in lines if line.progress.course_id is not None),
        "poll_seconds": POLL_SECONDS,
    }


@login_required
def session_portal(request: HttpRequest, pk: int) -> HttpResponse:
    session = _get_supervised_session(request, pk)
    context = _live_context(session, get_token(request))
    context["incidents"] = session_incidents(session)
    return render(request, "supervision/session_portal.html", context)


@login_required
def session_portal_live(request: HttpRequest, pk: int) -> HttpResponse:
    """The live part of the portal alone, polled by htmx every few seconds."""
    session = _get_supervised_session(request, pk)
    # Rendered without the request's context processors: the fragment uses none of them (no header, no menu,
    # no messages — which polling must not consume), and the centre switcher's lookup cost a query per poll.
    # Only the CSRF token of its forms is needed.
    csrf_token = get_token(request)
    context = {**_live_context(session, csrf_token), "csrf_token": csrf_token}
    return HttpResponse(render_to_string("supervision/includes/live.html", context))


def _act(request: HttpRequest, session_pk: int, action: Callable[[], str], *, anchor: str) -> HttpResponse:
    """Run one service; its success message or its refusal, then back to the portal (POST/redirect/GET).

    Back at ``#anchor`` (the candidate's row): supervision.js puts the focus on the row's new button, and
    without script the browser scrolls there, so a keyboard user goes on from the row (docs/espace-surveillant.md).
    """
    try:
        messages.success(request, action())
    except ServiceError as error:
        messages.error(request, error.message)
    return redirect(reverse("supervision:session_portal", args=[session_pk]) + f"#{anchor}")


@login_required
@require_POST
def session_close_access(request: HttpRequest, pk: int) -> HttpResponse:
    session = _get_supervised_session(request, pk)

    def close() -> str:
        session_close_admissions(session=session, by=request_user(request))
        return _("L'accès à la session est fermé : aucune nouvelle présence ne peut être confirmée.")

    return _act(request, session.pk, close, anchor="acces-session")


@login_required
@require_POST
def candidate_presence_confirm(request: HttpRequest, session_pk: int, pk: int) -> HttpResponse:
    candidate = _get_supervised_candidate(request, session_pk, pk)

    def confirm() -> str:
        candidate_confirm_presence(candidate=candidate, by=request_user(request))
        return _("Présence de %(name)s confirmée : le candidat a 15 minutes pour saisir le code d'accès.") % {
            "name": candidate
        }

    return _act(request, session_pk, confirm, anchor=f"candidat-{candidate.pk}")


@login_required
@require_POST
def candidate_presence_cancel(request: HttpRequest, session_pk: int, pk: int) -> HttpResponse:
    candidate = _get_supervised_candidate(request, session_pk, pk)

    def cancel() -> str:
        candidate_cancel_presence(candidate=candidate, by=request_user(request))
        return _("Présence de %(name)s annulée.") % {"name": candidate}

    return _act(request, session_pk, cancel, anchor=f"candidat-{candidate.pk}")


def _course(candidate: Candidate) -> CertificationCourse:
    course = CertificationCourse.objects.filter(candidate=candidate).first()
    if course is None:
        raise ServiceError(_("Ce candidat n'a pas commencé son test."))
    return course


@login_required
@require_POST
def candidate_resume_authorise(request: HttpRequest, session_pk: int, pk: int) -> HttpResponse:
    candidate = _get_supervised_candidate(request, session_pk, pk)

    def authorise() -> str:
        course_authorise_resume(course=_course(candidate), by=request_user(request))
        return _(
            "Reprise du test autorisée pour %(name)s : le candidat a 15 minutes pour saisir à nouveau ses informations."
        ) % {"name": candidate}

    return _act(request, session_pk, authorise, anchor=f"candidat-{candidate.pk}")


@login_required
@require_POST
def candidate_test_end(request: HttpRequest, session_pk: int, pk: int) -> HttpResponse:
    candidate = _get_supervised_candidate(request, session_pk, pk)

    def end() -> str:
        course_end_by_supervisor(course=_course(candidate), by=request_user(request))
        return _("Le test de %(name)s est terminé.") % {"name": candidate}

    return _act(request, session_pk, end, anchor=f"candidat-{candidate.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def candidate_incidents(request: HttpRequest, session_pk: int, pk: int) -> HttpResponse:
    candidate = _get_supervised_candidate(request, session_pk, pk)
    form = IssueReportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            report = issue_report_record(
                candidate=candidate, by=request_user(request), source=IssueSource.LIVE, **form.cleaned_data
            )
        except IssueReportError as error:
            for field, message in error.errors:
                form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(
                request,
                _("Incident %(code)s enregistré pour %(name)s.") % {"code": report.code, "name": candidate},
            )
            return redirect("supervision:candidate_incidents", session_pk=session_pk, pk=candidate.pk)
    reports = IssueReport.objects.filter(candidate=candidate).select_related("created_by").order_by("created_at", "pk")
    return render(
        request,
        "supervision/candidate_incidents.html",
        {"session": candidate.session, "candidate": candidate, "form": form, "reports": reports},
    )

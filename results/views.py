"""The published results: the centre's page and CSV, and the recipient's page and CSV behind a signed link.

Before publication nobody but staff sees a result: the centre gets a « not yet published » page (404),
the CSV and the recipient links a plain 404.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from centres.current import require_membership
from results.exports import SessionResultsExporter
from results.links import recipient_access
from results.selectors import is_published, session_result_rows
from sessions_app.models import Session


def _get_session_for_member(request: HttpRequest, pk: int) -> Session:
    """The session if it belongs to the member's current centre; 404 for anyone else."""
    membership = require_membership(request)
    return get_object_or_404(Session.objects.select_related("centre"), centre=membership.centre, pk=pk)


def _download(exporter: SessionResultsExporter) -> HttpResponse:
    filename, content_type, content = exporter.render()
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def session_results(request: HttpRequest, session_pk: int) -> HttpResponse:
    session = _get_session_for_member(request, session_pk)
    if not is_published(session):
        return render(request, "results/session_results_unpublished.html", {"session": session}, status=404)
    rows = session_result_rows(session)
    return render(request, "results/session_results.html", {"session": session, "rows": rows})


@login_required
def session_results_csv(request: HttpRequest, session_pk: int) -> HttpResponse:
    session = _get_session_for_member(request, session_pk)
    if not is_published(session):
        raise Http404("Résultats non publiés")
    return _download(SessionResultsExporter(session))


def _neutral_refusal(request: HttpRequest) -> HttpResponse:
    # Forged, expired or withdrawn: one answer, no hint which.
    return render(request, "results/session_results_link_invalid.html", status=404)


@never_cache
def recipient_results(request: HttpRequest, token: str) -> HttpResponse:
    access = recipient_access(token, now=timezone.now())
    if access is None:
        return _neutral_refusal(request)
    rows = session_result_rows(access.session, recipient_email=access.email)
    response = render(
        request, "results/session_results_public.html", {"session": access.session, "rows": rows, "token": token}
    )
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
def recipient_results_csv(request: HttpRequest, token: str) -> HttpResponse:
    access = recipient_access(token, now=timezone.now())
    if access is None:
        return _neutral_refusal(request)
    return _download(SessionResultsExporter(access.session, recipient_email=access.email))

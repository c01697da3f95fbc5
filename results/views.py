"""The published results: the centre's page and CSV, and the recipient's page and CSV behind a signed link.

Before publication nobody but staff sees a result: the centre gets a « not yet published » page (404),
the CSV and the recipient links a plain 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.models import User
from results.certificate_build import certificate_batch_filename
from results.exports import SessionResultsExporter
from results.links import recipient_access
from results.models import CertificateBatchStatus
from results.selectors import session_result_rows
from results.services_certificates import (
    CertificateBatchError,
    certificate_batch_can_request,
    certificate_batch_request,
    current_certificate_batch,
)
from sessions_app.access import session_for_member
from sessions_app.lifecycle import is_published
from sessions_app.models import Session


def _get_session_for_member(request: HttpRequest, pk: int) -> Session:
    """The session if it belongs to the member's current centre; 404 for anyone else."""
    return session_for_member(request, pk, queryset=Session.objects.select_related("centre", "certificate_batch"))


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
    batch = current_certificate_batch(session)
    context = {
        "session": session,
        "rows": rows,
        "certificate_batch": batch,
        "can_request_certificates": certificate_batch_can_request(batch, now=timezone.now()),
    }
    return render(request, "results/session_results.html", context)


@login_required
def session_results_csv(request: HttpRequest, session_pk: int) -> HttpResponse:
    session = _get_session_for_member(request, session_pk)
    if not is_published(session):
        raise Http404("Résultats non publiés")
    return _download(SessionResultsExporter(session))


@login_required
@require_POST
def session_certificates_request(request: HttpRequest, session_pk: int) -> HttpResponse:
    session = _get_session_for_member(request, session_pk)
    if not is_published(session):
        raise Http404("Résultats non publiés")
    try:
        assert isinstance(request.user, User)  # login_required
        certificate_batch_request(session=session, by=request.user)
    except CertificateBatchError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("La préparation des certificats a commencé : ils seront disponibles dans quelques instants.")
        )
    return redirect("results:session_results", session_pk=session.pk)


@login_required
def session_certificates_pdf(request: HttpRequest, session_pk: int) -> FileResponse:
    """The stored PDF of the session's certificates, to the centre's members only (MEDIA is not served)."""
    session = _get_session_for_member(request, session_pk)
    batch = current_certificate_batch(session)
    if batch is None or batch.status != CertificateBatchStatus.READY or not batch.file:
        raise Http404("Pas de certificats prêts pour cette session")
    return FileResponse(
        batch.file.open("rb"),
        as_attachment=True,
        filename=certificate_batch_filename(session),
        content_type="application/pdf",
    )


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

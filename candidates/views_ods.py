"""The ODS candidate list of a session (SUP/PRO): download the pre-filled template, upload it back."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts.models import User
from candidates.exports.ods_template import CandidateListExporter
from candidates.forms_ods import CandidateListUploadForm
from candidates.imports.ods import sco_refusal
from candidates.services_ods import CandidateListError, candidates_import_refusal, candidates_replace_from_ods
from centres.current import require_membership
from centres.models import CentreType
from sessions_app.models import Session
from sessions_app.selectors import sessions_of_centre


def _get_session_for_member(request: HttpRequest, session_pk: int) -> Session:
    """The session if it belongs to the member's current centre; 404 for anyone else."""
    membership = require_membership(request)
    return get_object_or_404(sessions_of_centre(membership.centre).select_related("centre"), pk=session_pk)


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@never_cache  # the list changes with every enrolment
@login_required
def candidates_ods_template(request: HttpRequest, session_pk: int) -> HttpResponse:
    session = _get_session_for_member(request, session_pk)
    # Checked after the lookup, so that a stranger gets the same 404 whatever the method.
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    if session.centre.type == CentreType.SCO:
        messages.error(request, sco_refusal())
        return redirect("sessions_app:session_detail", pk=session.pk)
    filename, content_type, content = CandidateListExporter(session).render()
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename) or "attachment"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def candidates_import_ods(request: HttpRequest, session_pk: int) -> HttpResponse:
    session = _get_session_for_member(request, session_pk)
    form = CandidateListUploadForm(request.POST, request.FILES) if request.method == "POST" else CandidateListUploadForm()
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            created = candidates_replace_from_ods(
                session=session, by=_user(request), uploaded_file=form.cleaned_data["fichier"]
            )
        except CandidateListError as error:
            errors = error.errors
        else:
            text = ngettext(
                "La liste des candidats a été importée : %(count)s candidat.",
                "La liste des candidats a été importée : %(count)s candidats.",
                len(created),
            )
            messages.success(request, text % {"count": len(created)})
            return redirect("sessions_app:session_detail", pk=session.pk)
    context = {
        "session": session,
        "form": form,
        "errors": errors,
        "refusal": candidates_import_refusal(session),
        "candidate_count": session.candidates.count(),
        "current": _("Importer la liste des candidats"),
    }
    return render(request, "candidates/candidates_import_ods.html", context)

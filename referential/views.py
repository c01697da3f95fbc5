from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from accounts.models import User
from centres.current import require_membership
from centres.models import CentreEvent, CertificationCentre
from referential import services
from referential.forms import ProfileCollectionImportForm
from referential.imports.profile_collection import ProfileImportError


def _get_school(request: HttpRequest) -> CertificationCentre:
    """The current centre when it is a school; 404 otherwise (only schools collect profiles)."""
    centre = require_membership(request).centre
    if not centre.is_sco:
        raise Http404("Pas de collecte de profils")
    return centre


@login_required
@require_http_methods(["GET", "POST"])
def profile_collection_import(request: HttpRequest) -> HttpResponse:
    centre = _get_school(request)
    bound = request.method == "POST"
    form = ProfileCollectionImportForm(request.POST, request.FILES) if bound else ProfileCollectionImportForm()
    errors: list[str] = []
    if bound and form.is_valid():
        assert isinstance(request.user, User)
        try:
            result = services.profile_collection_import(
                centre=centre, by=request.user, uploaded_file=form.cleaned_data["fichier"]
            )
        except ProfileImportError as error:
            errors = error.errors
        except services.ReferentialError as error:
            messages.error(request, error.message)
        else:
            return redirect("referential:profile_collection_result", pk=result.event_id)
    return render(
        request, "referential/profile_collection_import.html", {"centre": centre, "form": form, "errors": errors}
    )


@login_required
def profile_collection_result(request: HttpRequest, pk: int) -> HttpResponse:
    """What an import did, read back from its audit row so that the page survives a reload."""
    centre = _get_school(request)
    event = get_object_or_404(CentreEvent, pk=pk, centre=centre, kind=services.PROFILES_IMPORTED)
    return render(request, "referential/profile_collection_result.html", {"centre": centre, "event": event})

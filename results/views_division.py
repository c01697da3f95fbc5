"""The school's own results, per division of its roster (SCO centres only; 404 for any other centre).

The CSV has the columns of the session results CSV without « Centre de certification » (one code for
both: results/exports.py); published results only, the active students of the division.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods

from centres.current import require_membership
from centres.models import CertificationCentre
from centres.selectors import roster_divisions
from results.exports import DivisionResultsExporter
from results.selectors import school_published_counts_by_division


def _school(request: HttpRequest) -> CertificationCentre:
    centre = require_membership(request).centre
    if not centre.is_sco:
        raise Http404("Pas de divisions")
    return centre


@login_required
@require_http_methods(["GET", "HEAD"])
def division_results(request: HttpRequest) -> HttpResponse:
    centre = _school(request)
    counts = school_published_counts_by_division(centre)
    divisions = [{"name": name, "count": counts.get(name, 0)} for name in roster_divisions(centre)]
    return render(request, "results/division_results.html", {"centre": centre, "divisions": divisions})


@login_required
@require_http_methods(["GET", "HEAD"])
def division_results_csv(request: HttpRequest) -> HttpResponse:
    centre = _school(request)
    division = request.GET.get("division")
    if division is None or division not in roster_divisions(centre):
        raise Http404("Division inconnue")
    filename, content_type, content = DivisionResultsExporter(centre, division).render()
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename) or "attachment"
    return response

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.cache import cache_control


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A French page instead of Django's English CSRF failure page."""
    return render(request, "403_csrf.html", status=403)


@cache_control(max_age=86400, public=True)
def favicon(request: HttpRequest) -> HttpResponse:
    """/favicon.ico, asked for by browsers on a PDF, the API or any page without its <link rel="icon">."""
    return HttpResponsePermanentRedirect(static("dsfr/dist/favicon/favicon.ico"))

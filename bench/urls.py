"""pixcertif's URLs plus /bench/ceiling/; used only by bench/settings.py, never by production."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def ceiling(request: HttpRequest) -> HttpResponse:
    """The trivial view: the cost of the server, the middleware and the settings, and nothing else."""
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [
    path("bench/ceiling/", ceiling, name="bench_ceiling"),
    path("", include("pixcertif.urls")),
]

"""The project's URLs plus one view that fails, for the production 500 page test (test_error_pages.py)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path

from pixcertif.urls import urlpatterns as project_urlpatterns

INTERNAL_DETAIL = "SELECT secret_column FROM candidates_candidate -- /srv/pixcertif/var/internal.py"


def boom(request: HttpRequest) -> HttpResponse:
    password = "mot-de-passe-en-memoire"  # noqa: F841 (a local a debug page would show)
    raise RuntimeError(INTERNAL_DETAIL)


urlpatterns = [path("boom/", boom), *project_urlpatterns]

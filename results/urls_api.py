"""The record-book (LSU/LSL) API under /api/ (LSU-API.md, docs/lsu-api.md)."""

from __future__ import annotations

from django.urls import URLPattern, path, re_path

from results import api

app_name = "results_api"

urlpatterns: list[URLPattern] = [
    path("application/token", api.token, name="token"),
    path("organizations/<str:uai>/certifications", api.organization_certifications, name="certifications"),
    # Anything else under /api/: a JSON:API 404, not the HTML page (unnamed: no page of its own).
    re_path(r"", api.not_found),
]

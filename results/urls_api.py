"""The record-book (LSU/LSL) API under /api/ (LSU-API.md, docs/lsu-api.md)."""

from __future__ import annotations

from django.urls import URLPattern, path

from results import api

app_name = "results_api"

urlpatterns: list[URLPattern] = [
    path("application/token", api.token, name="token"),
    path("organizations/<str:uai>/certifications", api.organization_certifications, name="certifications"),
]

"""The school's results per division, in the centre space (SCO centres only)."""

from __future__ import annotations

from django.urls import URLPattern, path

from results import views_division

app_name = "results_school"

urlpatterns: list[URLPattern] = [
    path("", views_division.division_results, name="division_results"),
    path("division.csv", views_division.division_results_csv, name="division_results_csv"),
]

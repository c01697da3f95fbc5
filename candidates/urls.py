from __future__ import annotations

from django.urls import URLPattern, path

from candidates import documents

app_name = "candidates"

# Routes live under /sessions/<session_pk>/… (included from pixcertif/urls.py).
urlpatterns: list[URLPattern] = []

urlpatterns += [
    path(
        "<int:session_pk>/documents/feuille-emargement/", documents.attendance_sheet, name="attendance_sheet"
    ),
    path(
        "<int:session_pk>/documents/pv-incident/", documents.incident_report_form, name="incident_report_form"
    ),
    path("<int:session_pk>/documents/kit-surveillant/", documents.supervisor_kit, name="supervisor_kit"),
]

from __future__ import annotations

from django.urls import URLPattern, path

from candidates import documents, views

app_name = "candidates"

# Routes live under /sessions/<session_pk>/… (included from pixcertif/urls.py).
urlpatterns: list[URLPattern] = [
    path("<int:session_pk>/candidats/", views.candidate_list, name="candidate_list"),
    path("<int:session_pk>/candidats/ajouter/", views.candidate_create, name="candidate_create"),
    path("<int:session_pk>/candidats/inscrire-des-eleves/", views.candidates_enrol, name="candidates_enrol"),
    path("<int:session_pk>/candidats/<int:pk>/modifier/", views.candidate_update, name="candidate_update"),
    path("<int:session_pk>/candidats/<int:pk>/supprimer/", views.candidate_delete, name="candidate_delete"),
]

urlpatterns += [
    path(
        "<int:session_pk>/documents/feuille-emargement/", documents.attendance_sheet, name="attendance_sheet"
    ),
    path(
        "<int:session_pk>/documents/pv-incident/", documents.incident_report_form, name="incident_report_form"
    ),
    path("<int:session_pk>/documents/kit-surveillant/", documents.supervisor_kit, name="supervisor_kit"),
]

# The ODS candidate list (SUP/PRO): download the pre-filled template, upload it back.
urlpatterns += [
    path("<int:session_pk>/candidats/modele-ods/", views.candidates_ods_template, name="candidates_ods_template"),
    path("<int:session_pk>/candidats/importer-ods/", views.candidates_import_ods, name="candidates_import_ods"),
]

from __future__ import annotations

from django.urls import path

from finalisation import views

app_name = "finalisation"

urlpatterns = [
    path("<int:session_pk>/reporter/", views.session_postpone, name="session_postpone"),
    path("<int:session_pk>/finalisation/", views.finalisation_reports, name="finalisation_reports"),
    path("<int:session_pk>/finalisation/signalements/ajouter/", views.issue_report_create, name="issue_report_create"),
    path(
        "<int:session_pk>/finalisation/signalements/<int:pk>/supprimer/",
        views.issue_report_delete,
        name="issue_report_delete",
    ),
    path("<int:session_pk>/finalisation/informations/", views.finalisation_details, name="finalisation_details"),
    path("<int:session_pk>/finalisation/confirmation/", views.session_finalise, name="session_finalise"),
    path("<int:session_pk>/finalisation/enregistrer/", views.finalisation_autosave, name="finalisation_autosave"),
]

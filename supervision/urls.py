from __future__ import annotations

from django.urls import path

from supervision import views

app_name = "supervision"

urlpatterns = [
    path("", views.supervisor_login, name="supervisor_login"),
    path("sessions/<int:pk>/", views.session_portal, name="session_portal"),
    path("sessions/<int:pk>/en-direct/", views.session_portal_live, name="session_portal_live"),
    path("sessions/<int:pk>/fermer-acces/", views.session_close_access, name="session_close_access"),
    path(
        "sessions/<int:session_pk>/candidats/<int:pk>/confirmer-presence/",
        views.candidate_presence_confirm,
        name="candidate_presence_confirm",
    ),
    path(
        "sessions/<int:session_pk>/candidats/<int:pk>/annuler-presence/",
        views.candidate_presence_cancel,
        name="candidate_presence_cancel",
    ),
    path(
        "sessions/<int:session_pk>/candidats/<int:pk>/autoriser-reprise/",
        views.candidate_resume_authorise,
        name="candidate_resume_authorise",
    ),
    path("sessions/<int:session_pk>/candidats/<int:pk>/terminer/", views.candidate_test_end, name="candidate_test_end"),
    path(
        "sessions/<int:session_pk>/candidats/<int:pk>/incidents/", views.candidate_incidents, name="candidate_incidents"
    ),
]

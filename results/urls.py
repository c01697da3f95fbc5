from __future__ import annotations

from django.urls import URLPattern, path

from results import verification, views

app_name = "results"

urlpatterns: list[URLPattern] = [
    # Publication (docs/publication.md): the centre's results, and each recipient's behind a signed link.
    path("sessions/<int:session_pk>/resultats/", views.session_results, name="session_results"),
    path("sessions/<int:session_pk>/resultats.csv", views.session_results_csv, name="session_results_csv"),
    # The certificates of the whole session, built by Celery (docs/certificats.md).
    path(
        "sessions/<int:session_pk>/certificats/preparer/",
        views.session_certificates_request,
        name="session_certificates_request",
    ),
    path("sessions/<int:session_pk>/certificats.pdf", views.session_certificates_pdf, name="session_certificates_pdf"),
    path("resultats/<str:token>/", views.recipient_results, name="recipient_results"),
    path("resultats/<str:token>/resultats.csv", views.recipient_results_csv, name="recipient_results_csv"),
    # Certificates (docs/certificats.md): the candidate's own, and the public check of a code.
    path("mes-certificats/", verification.my_certificates, name="my_certificates"),
    path("mes-certificats/<int:pk>/certificat.pdf", verification.my_certificate_pdf, name="my_certificate_pdf"),
    path("verification/", verification.verification, name="verification"),
]

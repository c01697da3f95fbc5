from __future__ import annotations

from django.urls import path

from certification import views

app_name = "certification"

urlpatterns = [
    path("", views.certification_join, name="certification_join"),
    path("compte/", views.candidate_signup, name="candidate_signup"),
    path("compte/envoye/", views.candidate_signup_sent, name="candidate_signup_sent"),
    path("compte/<uidb64>/<token>/", views.candidate_signup_complete, name="candidate_signup_complete"),
    path("tests/<int:pk>/", views.course_test, name="course_test"),
    path("tests/<int:pk>/reponse/", views.course_answer, name="course_answer"),
    path("tests/<int:pk>/sortie-de-page/", views.course_focus_lost, name="course_focus_lost"),
]

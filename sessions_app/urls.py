from __future__ import annotations

from django.urls import path

from sessions_app import views

app_name = "sessions_app"

urlpatterns = [
    path("", views.session_list, name="session_list"),
    path("creer/", views.session_create, name="session_create"),
    path("<int:pk>/", views.session_detail, name="session_detail"),
    path("<int:pk>/modifier/", views.session_update, name="session_update"),
    path("<int:pk>/supprimer/", views.session_delete, name="session_delete"),
]

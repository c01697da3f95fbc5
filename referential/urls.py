from __future__ import annotations

from django.urls import path

from referential import views

app_name = "referential"

urlpatterns = [
    path("importer/", views.profile_collection_import, name="profile_collection_import"),
    path("importer/<int:pk>/", views.profile_collection_result, name="profile_collection_result"),
]

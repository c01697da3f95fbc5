from __future__ import annotations

from django.urls import URLPattern

app_name = "candidates"

# Routes live under /sessions/<session_pk>/… (included from pixcertif/urls.py).
urlpatterns: list[URLPattern] = []

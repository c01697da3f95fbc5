from __future__ import annotations

from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data (`make demo`, `make run`): commands and question bank, above every app, imported by none."""

    name = "demo"

from __future__ import annotations

from django.apps import AppConfig


class PixcertifConfig(AppConfig):
    name = "pixcertif"

    def ready(self) -> None:
        from pixcertif import checks  # noqa: F401  (registers the system checks)

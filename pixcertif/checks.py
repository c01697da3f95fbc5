"""System checks of the project's own settings (``manage.py check --deploy`` in CI, ``make check``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register


@register(Tags.security, deploy=True)
def site_url_configured(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """E-mails sent by Celery have no request to take the site's address from: production must give it."""
    if settings.DEBUG or settings.SITE_URL:
        return []
    return [
        Warning(
            "PIXCERTIF_SITE_URL n'est pas défini : les liens des e-mails et des certificats n'auraient pas la "
            "vraie adresse du site.",
            hint="PIXCERTIF_SITE_URL=https://certif.example.fr (docs/deploiement.md).",
            id="pixcertif.W001",
        )
    ]

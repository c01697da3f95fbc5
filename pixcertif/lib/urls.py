"""The site's own address in links that leave it: the PDF kit, e-mails, certificates.

From the request when there is one (the address the user really reached, as Django trusts the proxy's headers),
else ``PIXCERTIF_SITE_URL`` — e-mails sent by Celery have no request. Production must set it: ``check --deploy``
fails without it (pixcertif/checks.py); a link is never built on a guessed ``127.0.0.1``.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import HttpRequest

logger = logging.getLogger(__name__)


def site_url(request: HttpRequest | None = None) -> str:
    """``https://certif.example.fr``, without the final slash."""
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    configured = str(settings.SITE_URL or "").rstrip("/")
    if configured:
        return configured
    # Unconfigured production: a link on the first real host name beats a crash in the middle of a batch.
    host = next((h.lstrip(".") for h in settings.ALLOWED_HOSTS if h not in ("*", "testserver")), "localhost")
    logger.error("PIXCERTIF_SITE_URL n'est pas défini : liens construits sur https://%s", host)
    return f"https://{host}"


def absolute_url(path: str, request: HttpRequest | None = None) -> str:
    return site_url(request) + path

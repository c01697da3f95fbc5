"""Response headers the whole site shares."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

# No inline script anywhere: every script is a static file (tested by the security suite).
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


DEFAULT_MAX_REQUEST_BYTES = 12 * 1024 * 1024  # the largest upload (10 MB) and its form


class RequestSizeLimitMiddleware:
    """Refuse (413) a request whose declared body is larger than PIXCERTIF_MAX_REQUEST_BYTES, unread.

    Django caps form fields (DATA_UPLOAD_MAX_MEMORY_SIZE) but streams uploaded files to disk whatever their
    size, and the CSRF check parses a multipart body before any view runs: without this, anyone holding a
    CSRF cookie could fill the disk with one POST. Each import still checks its own limit (10 MB) with a
    French message; the reverse proxy should cap bodies too (docs/deploiement.md). A body without a
    Content-Length is read by Django as empty.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = int(getattr(settings, "PIXCERTIF_MAX_REQUEST_BYTES", DEFAULT_MAX_REQUEST_BYTES))
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0  # Django reads a malformed length as an empty body
        if declared > limit:
            message = _("La requête est trop volumineuse (%(max)s Mo au plus).") % {"max": f"{limit / 1048576:g}"}
            return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)

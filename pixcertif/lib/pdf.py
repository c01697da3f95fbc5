"""Render a Django template to PDF with WeasyPrint, reading only local files (no network at render time).

Shared by the session documents (candidates/pdf.py) and the certificates (results/certificates.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

PDF = "application/pdf"
STATIC_DIR = Path(settings.BASE_DIR) / "static"


class LocalFilesOnly(URLFetcher):
    """Fetch only files under static/ (and data: URLs); anything else, remote or not, is refused."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False)

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        if url.startswith("file:"):
            path = Path(unquote(urlsplit(url).path)).resolve()
            if not path.is_relative_to(STATIC_DIR.resolve()):
                raise ValueError(f"Refused outside static/: {url}")
        return super().fetch(url, headers)


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """The template rendered to PDF bytes; relative URLs resolve under static/."""
    html = render_to_string(template_name, context)
    document = HTML(string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=LocalFilesOnly())
    pdf = document.write_pdf()
    assert pdf is not None
    return pdf

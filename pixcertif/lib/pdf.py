"""Render a Django template to PDF with WeasyPrint, reading only local files (no network at render time).

Shared by the session documents (candidates/pdf.py) and the certificates (results/certificates.py).
Every PDF is tagged (RGAA 4, criterion 13.3): its structure tree gives a screen reader the headings, lists
and tables of the template; its language and title come from the template's ``<html lang>`` and ``<title>``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from pydyf import Dictionary
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


def _display_title(document: Any, pdf: Any) -> None:
    # A viewer's title bar (and a screen reader's first words) show the document's title, not its file name.
    pdf.catalog["ViewerPreferences"] = Dictionary({"DisplayDocTitle": "true"})


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """The template rendered to a tagged PDF's bytes; relative URLs resolve under static/."""
    html = render_to_string(template_name, context)
    document = HTML(string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=LocalFilesOnly())
    pdf = document.write_pdf(pdf_tags=True, finisher=_display_title)
    assert pdf is not None
    return pdf

"""Read a PDF back as text with poppler's pdftotext, the way the tests check what is printed."""

from __future__ import annotations

import shutil
import subprocess

import pytest

PDFTOTEXT = shutil.which("pdftotext")

needs_pdftotext = pytest.mark.skipif(
    PDFTOTEXT is None,
    reason="pdftotext (poppler-utils) is not installed: the PDF text cannot be read back",
)


def pdf_text(content: bytes, page: int | None = None) -> str:
    """The text of the whole document, or of one page (1-based), laid out as printed."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    assert PDFTOTEXT is not None
    command = [PDFTOTEXT, "-layout", *pages, "-", "-"]
    result = subprocess.run(command, input=content, capture_output=True, check=True, timeout=60)  # noqa: S603
    return result.stdout.decode()


def page_count(content: bytes) -> int:
    return pdf_text(content).count("\f")


def flat(text: str) -> str:
    """Whitespace collapsed, so that a phrase wrapped over two lines still reads as one."""
    return " ".join(text.split())

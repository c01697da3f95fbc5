"""Every PDF we print is a tagged PDF (RGAA 4, criterion 13.3): structure tree, language « fr », a title.

A screen reader reads the headings and tables of a tagged PDF; an untagged one is a flat run of text.
Checked with poppler's pdfinfo (« Tagged: yes », the title, the structure tree) and in the catalog itself.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zlib
from collections.abc import Callable

import pytest

from candidates.pdf import attendance_sheet, incident_report_form, supervisor_kit
from results.certificates import certificate_pdf
from tests.candidates.factories import CandidateFactory
from tests.results.certificate_factories import certified_course
from tests.sessions_app.factories import SessionFactory

PDFINFO = shutil.which("pdfinfo")
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(PDFINFO is None, reason="pdfinfo (poppler-utils) absent : le PDF ne peut pas être relu"),
]


def _session_document(render: Callable[..., tuple[str, str, bytes]]) -> Callable[[], tuple[bytes, str]]:
    def build() -> tuple[bytes, str]:
        session = SessionFactory()
        CandidateFactory(session=session, first_name="Léa", last_name="Dupont")
        return render(session)[2], f"Session n° {session.pk}"

    return build


def _certificate() -> tuple[bytes, str]:
    course = certified_course()
    return certificate_pdf(course)[2], "Certificat de compétences numériques Pix"


DOCUMENTS = {
    "feuille d'émargement": (_session_document(attendance_sheet), "Feuille d'émargement"),
    "PV d'incident": (_session_document(incident_report_form), "PV d'incident"),
    "kit surveillant": (_session_document(supervisor_kit), "Kit surveillant"),
    "certificat": (_certificate, "Certificat de compétences numériques Pix"),
}


def _pdfinfo(content: bytes, *options: str) -> str:
    assert PDFINFO is not None
    result = subprocess.run([PDFINFO, *options, "-"], input=content, capture_output=True, check=True, timeout=60)  # noqa: S603
    return result.stdout.decode()


def _objects(content: bytes) -> bytes:
    """The file with its compressed streams (object streams included) inflated: the catalog can be in one."""
    inflated = [content]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", content, flags=re.DOTALL):
        try:
            inflated.append(zlib.decompress(stream))
        except zlib.error:
            continue  # not a Flate stream (fonts are, images may not be)
    return b"\n".join(inflated)


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_the_pdf_is_tagged_in_french_with_a_title(name: str) -> None:
    build, title = DOCUMENTS[name]
    content, detail = build()

    info = _pdfinfo(content)
    assert re.search(r"^Tagged:\s+yes$", info, flags=re.MULTILINE), info
    found = re.search(r"^Title:\s+(.*)$", info, flags=re.MULTILINE)
    assert found, info
    assert title in found.group(1)
    assert detail in found.group(1)

    catalog = _objects(content)
    assert re.search(rb"/MarkInfo\s*<<\s*/Marked\s+true", catalog)
    assert re.search(rb"/Lang\s*\(fr\)", catalog)
    assert re.search(rb"/DisplayDocTitle\s+true", catalog)  # viewers show the title, not the file name


@pytest.mark.parametrize("name", ["feuille d'émargement", "certificat"])
def test_its_structure_has_the_headings_and_tables_of_the_page(name: str) -> None:
    build, _title = DOCUMENTS[name]
    content, _detail = build()
    structure = _pdfinfo(content, "-struct")
    assert re.search(r"^\s*H1\b", structure, flags=re.MULTILINE), structure[:2000]
    assert re.search(r"^\s*Table\b", structure, flags=re.MULTILINE), structure[:2000]
    assert re.search(r"^\s*(TH|TD)\b", structure, flags=re.MULTILINE), structure[:2000]

"""The scanned attendance sheet / PV d'incident: PDF, JPEG or PNG by content, 10 MB at most."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import User
from centres.models import CertificationCentre
from finalisation.models import SessionFinalisation
from finalisation.services import FinalisationError, finalisation_document_upload
from sessions_app.models import SessionEvent
from tests.finalisation.finalise_helpers import ExamDay, exam_day

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def day(centre: CertificationCentre) -> ExamDay:
    return exam_day(centre)


def _upload(
    day: ExamDay, admin: User, name: str, content: bytes, content_type: str = "application/pdf"
) -> SessionFinalisation:
    return finalisation_document_upload(
        session=day.session, by=admin, uploaded_file=SimpleUploadedFile(name, content, content_type=content_type)
    )


def test_it_keeps_a_pdf_under_its_own_name(day: ExamDay, admin: User) -> None:
    finalisation = _upload(day, admin, "../../émargement.pdf", PDF)
    assert finalisation.scanned_document.name.endswith(f"session-{day.session.pk}.pdf")
    assert finalisation.scanned_document.read() == PDF
    assert finalisation.scanned_document_uploaded_at is not None
    assert SessionEvent.objects.get(kind="finalisation.document_uploaded").data == {"size": len(PDF), "type": "pdf"}


@pytest.mark.parametrize(("content", "extension"), [(PNG, ".png"), (JPEG, ".jpg")])
def test_it_accepts_an_image_whatever_its_name_says(day: ExamDay, admin: User, content: bytes, extension: str) -> None:
    finalisation = _upload(day, admin, "scan.pdf", content, "application/pdf")
    assert finalisation.scanned_document.name.endswith(extension)


def test_it_refuses_a_fake_pdf(day: ExamDay, admin: User) -> None:
    with pytest.raises(
        FinalisationError, match=re.escape("Le document doit être un fichier PDF, JPEG ou PNG.")
    ) as caught:
        _upload(day, admin, "pv.pdf", b"MZ\x90\x00 not a pdf at all")
    assert caught.value.field == "scanned_document"
    assert not SessionFinalisation.objects.filter(scanned_document__gt="").exists()


def test_it_refuses_a_word_document(day: ExamDay, admin: User) -> None:
    with pytest.raises(FinalisationError, match="PDF, JPEG ou PNG"):
        _upload(day, admin, "pv.docx", b"PK\x03\x04" + b"\x00" * 40, "application/vnd.openxmlformats")


def test_it_refuses_an_oversize_file(day: ExamDay, admin: User, settings: Any) -> None:
    settings.PIXCERTIF_FINALISATION_DOCUMENT_MAX_BYTES = 1024 * 1024
    with pytest.raises(FinalisationError, match=re.escape("Le fichier dépasse la taille maximale de 1 Mo.")):
        _upload(day, admin, "pv.pdf", PDF + b"0" * (1024 * 1024))
    assert not SessionEvent.objects.filter(kind="finalisation.document_uploaded").exists()


def test_it_refuses_an_empty_file(day: ExamDay, admin: User) -> None:
    with pytest.raises(FinalisationError, match=re.escape("Le fichier est vide.")):
        _upload(day, admin, "pv.pdf", b"")


def test_it_replaces_the_previous_document(
    day: ExamDay, admin: User, tmp_path: Path, django_capture_on_commit_callbacks: object
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        first = _upload(day, admin, "a.pdf", PDF).scanned_document.path
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        second = _upload(day, admin, "b.png", PNG).scanned_document.path
    assert not Path(first).exists()
    assert Path(second).read_bytes() == PNG

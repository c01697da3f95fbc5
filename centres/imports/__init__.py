"""Roster files (DOMAIN.md §1): recognise the upload by its content, then read it.

`parse_roster` answers with checked rows or raises `RosterImportError` listing every problem.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from typing import IO

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from centres.imports.common import (
    MAX_ZIP_ENTRIES,
    MAX_ZIP_RATIO,
    RosterImportError,
    StudentRow,
    max_unzipped_bytes,
    max_upload_bytes,
)
from centres.imports.roster_csv import parse_roster_csv
from centres.imports.siecle import parse_siecle

__all__ = ["RosterImportError", "StudentRow", "parse_roster"]

ZIP_MAGIC = b"PK\x03\x04"
FORMAT_SIECLE = "siecle"
FORMAT_SIECLE_ZIP = "siecle_zip"
FORMAT_CSV = "csv"


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g}"


def sniff(head: bytes) -> str | None:
    """The format a file's first bytes announce: the extension alone proves nothing."""
    if head.startswith(ZIP_MAGIC):
        return FORMAT_SIECLE_ZIP
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if text.startswith(b"<"):
        return FORMAT_SIECLE
    if b"\x00" in head:
        return None  # binary (PDF, image, UTF-16…)
    first_line = text.split(b"\n", 1)[0]
    if b";" in first_line or b"," in first_line:
        return FORMAT_CSV
    return None


class _Limited:
    """A read-only stream that refuses to give more than ``limit`` bytes (zip sizes can lie)."""

    def __init__(self, stream: IO[bytes], limit: int) -> None:
        self.stream = stream
        self.left = limit

    def read(self, size: int = -1) -> bytes:
        chunk = self.stream.read(size)
        self.left -= len(chunk)
        if self.left < 0:
            raise RosterImportError([_unzipped_too_big()])
        return chunk


def _unzipped_too_big() -> str:
    return _("L'archive ZIP est refusée : une fois décompressée, elle dépasse %(max)s Mo.") % {
        "max": _megabytes(max_unzipped_bytes())
    }


def _open_zipped_xml(archive: zipfile.ZipFile) -> IO[bytes]:
    members = archive.infolist()
    if len(members) > MAX_ZIP_ENTRIES:
        raise RosterImportError(
            [_("L'archive ZIP contient trop de fichiers (%(max)s au plus).") % {"max": MAX_ZIP_ENTRIES}]
        )
    xml_members = [m for m in members if not m.is_dir() and m.filename.lower().endswith(".xml")]
    if len(xml_members) != 1:
        raise RosterImportError(
            [_("L'archive ZIP doit contenir un seul fichier XML : l'export SIECLE ElevesSansAdresses.xml.")]
        )
    member = xml_members[0]
    if sum(m.file_size for m in members) > max_unzipped_bytes():
        raise RosterImportError([_unzipped_too_big()])
    if member.file_size > MAX_ZIP_RATIO * max(member.compress_size, 1):
        raise RosterImportError(
            [
                _("L'archive ZIP est refusée : elle est anormalement compressée (plus de %(ratio)s fois).")
                % {"ratio": MAX_ZIP_RATIO}
            ]
        )
    return archive.open(member)


def parse_roster(uploaded_file: UploadedFile, *, uai: str, today: dt.date) -> tuple[str, list[StudentRow]]:
    """The file's format and its students, or RosterImportError with every problem found."""
    size = uploaded_file.size or 0
    if size == 0:
        raise RosterImportError([_("Le fichier est vide.")])
    if size > max_upload_bytes():
        raise RosterImportError(
            [_("Le fichier dépasse la taille maximale de %(max)s Mo.") % {"max": _megabytes(max_upload_bytes())}]
        )
    uploaded_file.seek(0)
    head = uploaded_file.read(512)
    uploaded_file.seek(0)
    kind = sniff(head)
    if kind == FORMAT_SIECLE:
        return kind, parse_siecle(uploaded_file, uai=uai, today=today)
    if kind == FORMAT_SIECLE_ZIP:
        try:
            with zipfile.ZipFile(uploaded_file) as archive, _open_zipped_xml(archive) as member:
                stream = _Limited(member, max_unzipped_bytes())
                return kind, parse_siecle(stream, uai=uai, today=today)  # type: ignore[arg-type]
        except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError) as error:
            raise RosterImportError([_("L'archive ZIP est illisible ou endommagée.")]) from error
    if kind == FORMAT_CSV:
        return kind, parse_roster_csv(uploaded_file.read(), today=today)
    raise RosterImportError(
        [
            _(
                "Ce fichier n'est ni l'export SIECLE (ElevesSansAdresses.xml, éventuellement zippé) ni un fichier "
                "CSV séparé par des points-virgules."
            )
        ]
    )

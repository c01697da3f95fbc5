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
from pixcertif.lib.uploads import (
    ZIP_MAGIC,
    LimitedReader,
    UploadRefused,
    check_size,
    check_zip_entry_count,
    check_zip_ratio,
    check_zip_total,
    read_head,
)

__all__ = ["RosterImportError", "StudentRow", "parse_roster"]

FORMAT_SIECLE = "siecle"
FORMAT_SIECLE_ZIP = "siecle_zip"
FORMAT_CSV = "csv"


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


def _open_zipped_xml(archive: zipfile.ZipFile) -> IO[bytes]:
    members = archive.infolist()
    check_zip_entry_count(members, max_entries=MAX_ZIP_ENTRIES)
    xml_members = [m for m in members if not m.is_dir() and m.filename.lower().endswith(".xml")]
    if len(xml_members) != 1:
        raise UploadRefused(
            _("L'archive ZIP doit contenir un seul fichier XML : l'export SIECLE ElevesSansAdresses.xml.")
        )
    member = xml_members[0]
    check_zip_total(members, max_unzipped=max_unzipped_bytes())
    check_zip_ratio(member, max_ratio=MAX_ZIP_RATIO)
    return archive.open(member)


def parse_roster(uploaded_file: UploadedFile, *, uai: str, today: dt.date) -> tuple[str, list[StudentRow]]:
    """The file's format and its students, or RosterImportError with every problem found."""
    try:
        return _parse(uploaded_file, uai=uai, today=today)
    except UploadRefused as refusal:
        raise RosterImportError([refusal.message]) from refusal


def _parse(uploaded_file: UploadedFile, *, uai: str, today: dt.date) -> tuple[str, list[StudentRow]]:
    check_size(uploaded_file, max_bytes=max_upload_bytes())
    kind = sniff(read_head(uploaded_file))
    if kind == FORMAT_SIECLE:
        return kind, parse_siecle(uploaded_file, uai=uai, today=today)
    if kind == FORMAT_SIECLE_ZIP:
        try:
            with zipfile.ZipFile(uploaded_file) as archive, _open_zipped_xml(archive) as member:
                stream = LimitedReader(member, max_unzipped_bytes())
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

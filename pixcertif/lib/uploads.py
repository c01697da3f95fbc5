"""Checks every file upload needs before its content is trusted: size, magic bytes, zip bombs.

Each check raises `UploadRefused` with a translated message; the importers turn it into their own
error (which lists every problem) so that the user reads the same words for the same fault.
"""

from __future__ import annotations

import zipfile
from typing import IO

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from pixcertif.lib.errors import ServiceError

ZIP_MAGIC = b"PK\x03\x04"
DEFAULT_MAX_UPLOAD_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_UNZIPPED_BYTES = 50 * 1024 * 1024


class UploadRefused(ServiceError):
    pass


def setting_bytes(name: str, default: int) -> int:
    """A byte limit read from settings at call time, so that a test can lower it."""
    return int(getattr(settings, name, default))


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g}"


def check_size(uploaded_file: UploadedFile, *, max_bytes: int) -> None:
    size = uploaded_file.size or 0
    if size == 0:
        raise UploadRefused(_("Le fichier est vide."))
    if size > max_bytes:
        raise UploadRefused(_("Le fichier dépasse la taille maximale de %(max)s Mo.") % {"max": megabytes(max_bytes)})


def read_head(uploaded_file: UploadedFile, size: int = 512) -> bytes:
    """The first bytes, which say what the file is (its name and declared type prove nothing)."""
    uploaded_file.seek(0)
    head = uploaded_file.read(size)
    uploaded_file.seek(0)
    return head


def unzipped_too_big(max_unzipped: int) -> UploadRefused:
    return UploadRefused(
        _("L'archive ZIP est refusée : une fois décompressée, elle dépasse %(max)s Mo.")
        % {"max": megabytes(max_unzipped)}
    )


def check_zip_entry_count(members: list[zipfile.ZipInfo], *, max_entries: int) -> None:
    if len(members) > max_entries:
        raise UploadRefused(_("L'archive ZIP contient trop de fichiers (%(max)s au plus).") % {"max": max_entries})


def check_zip_total(members: list[zipfile.ZipInfo], *, max_unzipped: int) -> None:
    """The sizes the archive declares; `LimitedReader` then holds it to them while reading."""
    if sum(m.file_size for m in members) > max_unzipped:
        raise unzipped_too_big(max_unzipped)


def check_zip_ratio(member: zipfile.ZipInfo, *, max_ratio: int) -> None:
    if member.file_size > max_ratio * max(member.compress_size, 1):
        raise UploadRefused(
            _("L'archive ZIP est refusée : elle est anormalement compressée (plus de %(ratio)s fois).")
            % {"ratio": max_ratio}
        )


class LimitedReader:
    """A read-only stream that refuses to give more than ``limit`` bytes (declared zip sizes can lie)."""

    def __init__(self, stream: IO[bytes], limit: int) -> None:
        self.stream = stream
        self.limit = limit
        self.left = limit

    def read(self, size: int = -1) -> bytes:
        chunk = self.stream.read(size)
        self.left -= len(chunk)
        if self.left < 0:
            raise unzipped_too_big(self.limit)
        return chunk

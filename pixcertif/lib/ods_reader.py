"""Read the first sheet of an uploaded OpenDocument spreadsheet (.ods), defensively.

The file is checked before its XML is read: size, zip magic bytes, the ``mimetype`` entry, the sizes
the archive declares (zip bomb). content.xml is then streamed through a hardened parser (no DTD, no
entities, no network) with a byte limit, and repeated rows or columns — one XML element can stand for
a million rows — are never expanded beyond what the caller asks for.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from lxml import etree

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

ODS_MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"
MAX_ZIP_ENTRIES = 200  # LibreOffice writes about 10; pictures and macros add some
MAX_ZIP_RATIO = 100

_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
TABLE = f"{{{_TABLE}}}table"
ROW = f"{{{_TABLE}}}table-row"
CELL = f"{{{_TABLE}}}table-cell"
COVERED_CELL = f"{{{_TABLE}}}covered-table-cell"
ROWS_REPEATED = f"{{{_TABLE}}}number-rows-repeated"
COLUMNS_REPEATED = f"{{{_TABLE}}}number-columns-repeated"
VALUE_TYPE = f"{{{_OFFICE}}}value-type"
VALUE = f"{{{_OFFICE}}}value"
DATE_VALUE = f"{{{_OFFICE}}}date-value"
ANNOTATION = f"{{{_OFFICE}}}annotation"
PARAGRAPH = f"{{{_TEXT}}}p"
SPACES = f"{{{_TEXT}}}s"
SPACE_COUNT = f"{{{_TEXT}}}c"
TAB = f"{{{_TEXT}}}tab"
LINE_BREAK = f"{{{_TEXT}}}line-break"
NOTE = f"{{{_TEXT}}}note"


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell: the text it shows, its ODF value type and raw value (``office:value``/``date-value``)."""

    text: str = ""
    kind: str = ""  # "", string, float, percentage, currency, date, time, boolean
    value: str = ""

    def is_empty(self) -> bool:
        return not self.text.strip() and not self.value


EMPTY = Cell()


@dataclass(frozen=True, slots=True)
class Row:
    number: int  # the spreadsheet's own row number, from 1
    cells: tuple[Cell, ...]

    def cell(self, index: int) -> Cell:
        return self.cells[index] if index < len(self.cells) else EMPTY


def not_a_spreadsheet() -> UploadRefused:
    return UploadRefused(
        _(
            "Ce fichier n'est pas un tableur au format ODS (OpenDocument) : téléchargez le modèle, complétez-le "
            "puis enregistrez-le au format .ods."
        )
    )


def unreadable() -> UploadRefused:
    return UploadRefused(_("Le fichier ODS est illisible ou endommagé : enregistrez-le à nouveau au format .ods."))


def read_first_sheet(
    uploaded_file: UploadedFile, *, max_bytes: int, max_unzipped: int, max_rows: int, max_columns: int
) -> list[Row]:
    """The non-empty rows of the first sheet, each cut to ``max_columns`` cells; or UploadRefused."""
    check_size(uploaded_file, max_bytes=max_bytes)
    if not read_head(uploaded_file).startswith(ZIP_MAGIC):
        raise not_a_spreadsheet()
    try:
        with zipfile.ZipFile(uploaded_file) as archive:
            members = archive.infolist()
            check_zip_entry_count(members, max_entries=MAX_ZIP_ENTRIES)
            _check_mimetype(archive)
            try:
                content = archive.getinfo("content.xml")
            except KeyError:
                raise unreadable() from None
            check_zip_total(members, max_unzipped=max_unzipped)
            check_zip_ratio(content, max_ratio=MAX_ZIP_RATIO)
            with archive.open(content) as stream:
                limited = LimitedReader(stream, max_unzipped)
                return list(_rows(limited, max_rows=max_rows, max_columns=max_columns))  # type: ignore[arg-type]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, etree.XMLSyntaxError) as error:
        raise unreadable() from error


def _check_mimetype(archive: zipfile.ZipFile) -> None:
    # A .docx, .xlsx or .odt is a zip too: the ODF ``mimetype`` entry tells a spreadsheet apart.
    try:
        info = archive.getinfo("mimetype")
    except KeyError:
        raise not_a_spreadsheet() from None
    if info.file_size > 200:
        raise not_a_spreadsheet()
    with archive.open(info) as stream:
        mimetype = stream.read(200).decode("ascii", errors="replace").strip()
    if mimetype != ODS_MIMETYPE:
        raise not_a_spreadsheet()


def _rows(stream: IO[bytes], *, max_rows: int, max_columns: int) -> Iterator[Row]:
    parser = etree.iterparse(
        stream,
        events=("start", "end"),
        tag=(TABLE, ROW),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
    )
    tables = 0
    number = 1
    found = 0
    for event, element in parser:
        if element.tag == TABLE:
            if event == "start":
                tables += 1
            if tables > 1:
                return  # only the first sheet
            continue
        if event != "end":
            continue
        cells = _cells(element, max_columns)
        repeated = _positive_int(element.get(ROWS_REPEATED))
        if cells:
            for offset in range(repeated):
                found += 1
                if found > max_rows:
                    raise UploadRefused(
                        _("Le fichier contient trop de lignes remplies (%(max)s au plus).") % {"max": max_rows}
                    )
                yield Row(number + offset, cells)
        number += repeated
        # Streaming: forget the rows already read.
        element.clear()
        parent = element.getparent()
        while parent is not None and element.getprevious() is not None:
            del parent[0]


def _cells(row: etree._Element, max_columns: int) -> tuple[Cell, ...]:
    cells: list[Cell] = []
    for child in row:
        if child.tag not in (CELL, COVERED_CELL) or len(cells) >= max_columns:
            continue
        cell = _cell(child) if child.tag == CELL else EMPTY
        cells.extend([cell] * min(_positive_int(child.get(COLUMNS_REPEATED)), max_columns - len(cells)))
    while cells and cells[-1].is_empty():
        cells.pop()
    return tuple(cells)


def _cell(element: etree._Element) -> Cell:
    kind = element.get(VALUE_TYPE, "")
    value = element.get(DATE_VALUE, "") if kind == "date" else element.get(VALUE, "")
    paragraphs = [_text(p) for p in element if p.tag == PARAGRAPH]
    return Cell(text="\n".join(paragraphs), kind=kind, value=value)


def _text(node: etree._Element) -> str:
    parts = [node.text or ""]
    for child in node:
        if child.tag == SPACES:
            parts.append(" " * min(_positive_int(child.get(SPACE_COUNT)), 1000))
        elif child.tag == TAB:
            parts.append("\t")
        elif child.tag == LINE_BREAK:
            parts.append("\n")
        elif child.tag not in (ANNOTATION, NOTE) and isinstance(child.tag, str):
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _positive_int(value: str | None) -> int:
    try:
        return max(int(value or 1), 1)
    except ValueError:
        return 1


__all__ = ["EMPTY", "ODS_MIMETYPE", "Cell", "Row", "UploadRefused", "read_first_sheet"]

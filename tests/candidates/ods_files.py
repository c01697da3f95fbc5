"""ODS candidate lists written the way a centre's spreadsheet would, with pyexcel-ods3."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import ezodf
from django.core.files.uploadedfile import SimpleUploadedFile
from pyexcel_ods3 import save_data

# Spelt out here, not imported: these headers are the interface with every centre's files.
HEADERS = [
    "* Nom de naissance",
    "* Prénom",
    "Identifiant local",
    "Temps majoré ?",
    "* Date de naissance (format : jj/mm/aaaa)",
    "Nom de la commune",
    "Code postal",
    "Code Insee",
    "Pays",
    "E-mail de convocation",
    "E-mail du destinataire des résultats (formateur, enseignant…)",
    "* Sexe (M ou F)",
    "Tarification part Pix",
    "Code de prépaiement",
]
TITLE = [["Liste des candidats"], ["Numéro de session", "12"], ["Nom du site", "Campus"], []]
FIRST_LINE = len(TITLE) + 2  # the spreadsheet's row number of the first candidate


def candidate_row(**cells: object) -> list[object]:
    """A valid row (Léa Dupont, born in Paris, free billing); ``cells`` maps header → value."""
    values: dict[str, object] = {
        "* Nom de naissance": "Dupont",
        "* Prénom": "Léa",
        "* Date de naissance (format : jj/mm/aaaa)": "14/03/2008",
        "Code Insee": "75056",
        "* Sexe (M ou F)": "F",
        "Tarification part Pix": "Gratuite",
    }
    values.update(cells)
    return [values.get(header, "") for header in HEADERS]


def ods_bytes(rows: list[list[object]], *, headers: list[str] | None = None, title: bool = True) -> bytes:
    sheet = [*(TITLE if title else []), headers if headers is not None else HEADERS, *rows]
    buffer = io.BytesIO()
    save_data(buffer, {"Liste des candidats": sheet})
    return buffer.getvalue()


def upload(content: bytes, name: str = "liste.ods") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/vnd.oasis.opendocument.spreadsheet")


def ods_upload(rows: list[list[object]], **options: object) -> SimpleUploadedFile:
    return upload(ods_bytes(rows, **options))  # type: ignore[arg-type]


def with_percentage_cell(content: bytes, *, row: int, column: int, value: float) -> bytes:
    """The file with one cell turned into a real percentage cell (0.33 shown « 33 % »)."""
    document = ezodf.opendoc(io.BytesIO(content))
    document.sheets[0][row, column].set_value(value, "percentage")
    out = io.BytesIO()
    document.docname = out
    document.save()
    return out.getvalue()


def zip_bytes(entries: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


BIRTHDATE = dt.date(2008, 3, 14)

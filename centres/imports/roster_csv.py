"""The roster CSV of DOMAIN.md §1: `;`-separated, UTF-8 with or without BOM, dates jj/mm/aaaa.

One star marks a required column; two stars a column required by the birthplace: the commune code
for a student born in France (country code 100), the commune name for one born abroad.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from centres.imports.common import (
    RosterImportError,
    StudentRow,
    canonical_birth_codes,
    check_ine,
    no_student_error,
    parse_date,
    too_long,
)
from pixcertif.lib import insee
from pixcertif.lib.csv_files import decode_utf8, header_names, header_problems
from pixcertif.lib.uploads import UploadRefused

# Header → Student field, in the order of the template.
HEADERS = {
    "Identifiant unique*": "ine",
    "Premier prénom*": "first_name",
    "Deuxième prénom": "second_name",
    "Troisième prénom": "third_name",
    "Nom de famille*": "last_name",
    "Nom d'usage": "usage_name",
    "Date de naissance (jj/mm/aaaa)*": "birthdate",
    "Code commune naissance**": "birth_insee_code",
    "Libellé commune naissance**": "birth_city",
    "Code département naissance*": "birth_department_code",
    "Code pays naissance*": "birth_country_code",
    "Statut*": "status_code",
    "Code MEF*": "mef_code",
    "Division*": "division",
    "Code sexe*": "sex",
}
HEADER_OF = {field: header for header, field in HEADERS.items()}
SEXES = {"M": "M", "F": "F"}


def _decode(data: bytes) -> str:
    message = _(
        "Ligne %(line)s : le fichier CSV n'est pas encodé en UTF-8. Enregistrez-le au format "
        "« CSV UTF-8 (délimité par des points-virgules) » depuis votre tableur."
    )
    try:
        return decode_utf8(data, message=message)
    except UploadRefused as refusal:
        raise RosterImportError([refusal.message]) from refusal


def _check_headers(header: list[str]) -> list[str]:
    try:
        names = header_names(header)
    except UploadRefused as refusal:
        raise RosterImportError([refusal.message]) from refusal
    problems = header_problems(names, required=HEADERS, known=HEADERS)
    if problems:
        raise RosterImportError(
            [
                _(
                    "Les en-têtes du fichier ne correspondent pas au modèle attendu (%(problems)s). "
                    "Reprenez le modèle de la documentation sans en modifier la première ligne."
                )
                % {"problems": " ; ".join(problems)}
            ]
        )
    return names


def _read_row(cells: dict[str, str], *, today: dt.date, error: Callable[[str, str], None]) -> dict[str, Any] | None:
    row: dict[str, Any] = {}
    ok = True

    def fail(field: str, text: str) -> None:
        nonlocal ok
        ok = False
        error(HEADER_OF[field], text)

    for header, field in HEADERS.items():
        value = " ".join(cells.get(header, "").split())
        if header.endswith("*") and not header.endswith("**") and not value:
            fail(field, _("ce champ est obligatoire."))
            continue
        problem = too_long(field, value) if field not in ("birthdate", "sex") else None
        if problem:
            fail(field, problem)
        row[field] = value
    if row.get("ine"):
        row["ine"], problem = check_ine(row["ine"])
        if problem:
            fail("ine", problem)
    if row.get("birthdate"):
        row["birthdate"], problem = parse_date(row["birthdate"], today=today)
        if problem:
            fail("birthdate", problem)
    if row.get("sex"):
        sex = SEXES.get(row["sex"].upper())
        if sex is None:
            fail("sex", _("le code « %(value)s » doit être M ou F.") % {"value": row["sex"]})
        row["sex"] = sex
    canonical_birth_codes(row)  # one spelling whatever the file (pixcertif/lib/insee.py)
    country = row.get("birth_country_code", "")
    if insee.is_france(country) and not row.get("birth_insee_code"):
        fail("birth_insee_code", _("ce champ est obligatoire pour un élève né en France (code pays 100)."))
    elif country and not insee.is_france(country) and not row.get("birth_city"):
        fail("birth_city", _("ce champ est obligatoire pour un élève né à l'étranger."))
    return row if ok else None


class _CsvReader:
    def __init__(self, names: list[str], today: dt.date) -> None:
        self.names = names
        self.today = today
        self.errors: list[str] = []
        self.rows: list[StudentRow] = []
        self.line_of_ine: dict[str, int] = {}

    def read_line(self, cells: list[str], line: int) -> None:
        if not any(c.strip() for c in cells):
            return  # spreadsheets leave blank lines at the end

        def error(column: str, text: str) -> None:
            self.errors.append(
                _("Ligne %(line)s, « %(column)s » : %(error)s") % {"line": line, "column": column, "error": text}
            )

        if len(cells) > len(self.names) and any(c.strip() for c in cells[len(self.names) :]):
            self.errors.append(
                _("Ligne %(line)s : %(count)s colonnes au lieu de %(expected)s.")
                % {"line": line, "count": len(cells), "expected": len(self.names)}
            )
            return
        row = _read_row(dict(zip(self.names, cells, strict=False)), today=self.today, error=error)
        if row is None:
            return
        first = self.line_of_ine.setdefault(row["ine"], line)
        if first != line:
            error(
                HEADER_OF["ine"],
                _("l'INE « %(ine)s » figure déjà ligne %(first)s.") % {"ine": row["ine"], "first": first},
            )
            return
        self.rows.append(StudentRow(**row))


def parse_roster_csv(data: bytes, *, today: dt.date) -> list[StudentRow]:
    """Every student of the CSV, or RosterImportError listing every problem with its line."""
    reader = csv.reader(io.StringIO(_decode(data), newline=""), delimiter=";")
    try:
        header = next(reader, None)
        if header is None:
            raise RosterImportError([_("Le fichier est vide.")])
        state = _CsvReader(_check_headers(header), today)
        for cells in reader:
            state.read_line(cells, reader.line_num)
    except csv.Error as error:
        raise RosterImportError(
            [
                _("Ligne %(line)s : le fichier CSV est illisible (%(error)s).")
                % {"line": reader.line_num, "error": error}
            ]
        ) from error
    if state.errors:
        raise RosterImportError(state.errors)
    if not state.rows:
        raise no_student_error()
    return state.rows

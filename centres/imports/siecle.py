"""The SIECLE export « ElevesSansAdresses.xml » (DOMAIN.md §1), read as a stream.

The parser target keeps only the element being read (PARAMETRES, one ELEVE, one STRUCTURES_ELEVE)
and drops it once handled, so memory stays flat on files of thousands of students. The encoding
comes from the XML declaration (ISO-8859-15 or UTF-8). Any DOCTYPE is refused before its entities
are read: no external entity is fetched, no entity bomb expanded.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import IO, Any

from django.utils.translation import gettext as _

from centres.imports.common import (
    RosterImportError,
    StudentRow,
    canonical_birth_codes,
    check_ine,
    clean_text,
    no_student_error,
    parse_date,
    too_long,
)

CHUNK_BYTES = 64 * 1024

_PARAMETRES = ("BEE_ELEVES", "PARAMETRES")
_ELEVE = ("BEE_ELEVES", "DONNEES", "ELEVES", "ELEVE")
_STRUCTURES_ELEVE = ("BEE_ELEVES", "DONNEES", "STRUCTURES", "STRUCTURES_ELEVE")
_CAPTURED = {_PARAMETRES, _ELEVE, _STRUCTURES_ELEVE}

REQUIRED = ("ID_NATIONAL", "NOM_DE_FAMILLE", "PRENOM", "DATE_NAISS", "CODE_SEXE")
# SIECLE tag → Student field, for the plain text fields.
TEXT_FIELDS = {
    "NOM_DE_FAMILLE": "last_name",
    "NOM_USAGE": "usage_name",
    "PRENOM": "first_name",
    "PRENOM2": "second_name",
    "PRENOM3": "third_name",
    "CODE_PAYS": "birth_country_code",
    "CODE_DEPARTEMENT_NAISS": "birth_department_code",
    "CODE_COMMUNE_INSEE_NAISS": "birth_insee_code",
    "VILLE_NAISS": "birth_city",
    "CODE_MEF": "mef_code",
    "CODE_STATUT": "status_code",
}
SEXES = {"1": "M", "2": "F"}


def wrong_uai_message() -> str:
    return _(
        "Aucun élève n'a été importé. L'import n'est pas possible car l'UAI du fichier SIECLE ne correspond pas "
        "à celui de votre établissement."
    )


class _Target:
    """ElementTree parser target building only the elements of interest, one at a time."""

    def __init__(self, on_element: Callable[[tuple[str, ...], ET.Element], None]) -> None:
        self.path: list[str] = []
        self.builder: ET.TreeBuilder | None = None
        self.on_element = on_element

    def doctype(self, name: str, pubid: str | None, system: str | None) -> None:
        raise RosterImportError(
            [
                _(
                    "Le fichier XML contient une déclaration DOCTYPE ou ENTITY, refusée par sécurité : "
                    "importez l'export SIECLE tel qu'il a été téléchargé."
                )
            ]
        )

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        if not self.path and tag != "BEE_ELEVES":
            raise RosterImportError(
                [_("Ce fichier XML n'est pas l'export SIECLE des élèves : l'élément racine doit être BEE_ELEVES.")]
            )
        self.path.append(tag)
        if self.builder is None and tuple(self.path) in _CAPTURED:
            self.builder = ET.TreeBuilder()
        if self.builder is not None:
            self.builder.start(tag, attrs)

    def data(self, text: str) -> None:
        if self.builder is not None:
            self.builder.data(text)

    def end(self, tag: str) -> None:
        if self.builder is not None:
            self.builder.end(tag)
            path = tuple(self.path)
            if path in _CAPTURED:
                element = self.builder.close()
                self.builder = None
                self.on_element(path, element)
        self.path.pop()

    def close(self) -> None:
        return None


class SiecleReader:
    def __init__(self, *, uai: str, today: dt.date) -> None:
        self.uai = uai.strip().upper()
        self.today = today
        self.uai_seen = False
        self.errors: list[str] = []
        self.students: dict[str, dict[str, Any]] = {}  # by ELEVE_ID, in file order
        self.labels: dict[str, str] = {}
        self.divisions: dict[str, str] = {}

    def read(self, stream: IO[bytes]) -> list[StudentRow]:
        # The target refuses any DOCTYPE before entities are read: what defusedxml would do.
        parser = ET.XMLParser(target=_Target(self._on_element))  # noqa: S314
        try:
            for chunk in iter(lambda: stream.read(CHUNK_BYTES), b""):
                parser.feed(chunk)
            parser.close()
        except ET.ParseError as error:
            line, column = error.position
            raise RosterImportError(
                [
                    _(
                        "Le fichier XML est mal formé (ligne %(line)s, colonne %(column)s) : importez l'export "
                        "SIECLE sans le modifier."
                    )
                    % {"line": line, "column": column + 1}
                ]
            ) from error
        if not self.uai_seen:
            raise RosterImportError([_("Le fichier SIECLE ne contient pas l'UAI de l'établissement (PARAMETRES/UAJ).")])
        return self._rows()

    def _on_element(self, path: tuple[str, ...], element: ET.Element) -> None:
        if path == _PARAMETRES:
            self._check_uai(element)
        elif path == _ELEVE:
            self._read_student(element)
        else:
            self._read_structures(element)

    def _check_uai(self, element: ET.Element) -> None:
        uaj = clean_text(element.findtext("UAJ")).upper()
        if not uaj:
            return
        if uaj != self.uai:
            # Stop at once: nothing else in the file matters.
            raise RosterImportError([wrong_uai_message()])
        self.uai_seen = True

    def _read_student(self, element: ET.Element) -> None:
        values = {child.tag: clean_text(child.text) for child in element}
        eleve_id = element.get("ELEVE_ID", "").strip()
        label = _("Élève n° %(id)s (%(last)s %(first)s)") % {
            "id": eleve_id or "?",
            "last": values.get("NOM_DE_FAMILLE", ""),
            "first": values.get("PRENOM", ""),
        }
        errors: list[str] = []

        def error(field: str, text: str) -> None:
            errors.append(
                _("%(student)s, « %(field)s » : %(error)s") % {"student": label, "field": field, "error": text}
            )

        if values.get("DATE_SORTIE"):
            left_on, problem = parse_date(values["DATE_SORTIE"], today=dt.date.max)
            if problem:
                error("DATE_SORTIE", problem)
            elif left_on is not None and left_on <= self.today:
                return  # the student has left the school: not on the roster
        if not eleve_id:
            error("ELEVE_ID", _("l'attribut est obligatoire."))
        for tag in REQUIRED:
            if not values.get(tag):
                error(tag, _("ce champ est obligatoire."))
        row: dict[str, Any] = {}
        for tag, field in TEXT_FIELDS.items():
            value = values.get(tag, "")
            problem = too_long(field, value)
            if problem:
                error(tag, problem)
            row[field] = value
        canonical_birth_codes(row)  # « 100 » and « 075 » stored as 99100 and 75, like the CSV's
        if values.get("ID_NATIONAL"):
            row["ine"], problem = check_ine(values["ID_NATIONAL"])
            if problem:
                error("ID_NATIONAL", problem)
        if values.get("DATE_NAISS"):
            row["birthdate"], problem = parse_date(values["DATE_NAISS"], today=self.today)
            if problem:
                error("DATE_NAISS", problem)
        if values.get("CODE_SEXE"):
            row["sex"] = SEXES.get(values["CODE_SEXE"])
            if row["sex"] is None:
                error(
                    "CODE_SEXE",
                    _("le code « %(value)s » doit être 1 (masculin) ou 2 (féminin).") % {"value": values["CODE_SEXE"]},
                )
        self.errors.extend(errors)
        if not errors:
            self.students[eleve_id] = row
            self.labels[eleve_id] = label

    def _read_structures(self, element: ET.Element) -> None:
        eleve_id = element.get("ELEVE_ID", "").strip()
        for structure in element.iter("STRUCTURE"):
            if clean_text(structure.findtext("TYPE_STRUCTURE")) == "D":
                self.divisions.setdefault(eleve_id, clean_text(structure.findtext("CODE_STRUCTURE")))

    def _rows(self) -> list[StudentRow]:
        rows: list[StudentRow] = []
        first_with_ine: dict[str, str] = {}
        for eleve_id, values in self.students.items():
            division = self.divisions.get(eleve_id, "")
            problem = too_long("division", division)
            if problem:
                self.errors.append(
                    _("%(student)s, « %(field)s » : %(error)s")
                    % {"student": self.labels[eleve_id], "field": "CODE_STRUCTURE", "error": problem}
                )
                continue
            other = first_with_ine.setdefault(values["ine"], eleve_id)
            if other != eleve_id:
                self.errors.append(
                    _(
                        "%(student)s, « ID_NATIONAL » : l'INE « %(ine)s » figure deux fois dans le fichier, aussi pour %(other)s."
                    )
                    % {"student": self.labels[eleve_id], "ine": values["ine"], "other": self.labels[other]}
                )
                continue
            rows.append(StudentRow(division=division, **values))
        if self.errors:
            raise RosterImportError(self.errors)
        if not rows:
            raise no_student_error()
        return rows


def parse_siecle(stream: IO[bytes], *, uai: str, today: dt.date) -> list[StudentRow]:
    """Every current student of the SIECLE file, or RosterImportError listing every problem."""
    return SiecleReader(uai=uai, today=today).read(stream)

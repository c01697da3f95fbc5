"""The profile-collection CSV a school exports from Pix Orga (DOMAIN.md §1).

`;`-separated, UTF-8 with BOM; one row per participant with, for each of the 16 competences, a
« Niveau pour la compétence {nom} » and a « Nombre de pix pour la compétence {nom} » column. The
columns changed over the years (« Code », the sending time, « Numéro Étudiant »): every column is found
by its header, in the order of Pix's export (docs/referentiel-et-collecte-de-profils.md cites it).
`parse_profile_collection` answers with checked rows or raises `ProfileImportError` listing every
problem, each with its line and column.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zoneinfo
from dataclasses import dataclass, field

from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _

from centres.imports import FORMAT_CSV, sniff
from centres.imports.common import check_ine, clean_text, max_upload_bytes
from pixcertif.lib.csv_files import decode_utf8, header_names, header_problems
from pixcertif.lib.errors import ServiceError
from pixcertif.lib.text import normalize_name
from pixcertif.lib.uploads import UploadRefused, check_size
from referential.framework import COMPETENCES, MAX_LEVEL
from referential.imports.pix_csv import unescape_cell

ORGANISATION = "Nom de l'organisation"
CAMPAIGN_ID = "ID Campagne"
CAMPAIGN_CODE = "Code"
CAMPAIGN_NAME = "Nom de la campagne"
LAST_NAME = "Nom du Participant"
FIRST_NAME = "Prénom du Participant"
GROUP = "Groupe"
DIVISION = "Classe"
STUDENT_NUMBER = "Numéro Étudiant"
SENT = "Envoi (O/N)"
SENT_AT = "Date et heure de l'envoi (Europe/Paris)"
SENT_ON = "Date de l'envoi"  # exports before the sending time was added: a date only
TOTAL_PIX = "Nombre de pix total"
CERTIFIABLE = "Certifiable (O/N)"
CERTIFIABLE_COUNT = "Nombre de compétences certifiables"
NOT_AVAILABLE = "NA"  # what Pix writes in the cells of a row not sent


def level_header(name: str) -> str:
    return f"Niveau pour la compétence {name}"


def pix_header(name: str) -> str:
    return f"Nombre de pix pour la compétence {name}"


# Every export has these; Pix's own summary columns (total, « Certifiable ») are read but not trusted:
# certifiability is recomputed from the levels. One of the two sending-date headers is required too.
REQUIRED_HEADERS = (
    ORGANISATION,
    CAMPAIGN_ID,
    CAMPAIGN_NAME,
    LAST_NAME,
    FIRST_NAME,
    SENT,
    TOTAL_PIX,
    CERTIFIABLE,
    CERTIFIABLE_COUNT,
    *(header for _code, name in COMPETENCES for header in (level_header(name), pix_header(name))),
)
# Columns Pix writes for some organisations or campaigns only (« Code » since 2022, « Classe » for a
# school that manages its students, « Groupe » and « Numéro Étudiant » for higher education).
OPTIONAL_HEADERS = (CAMPAIGN_CODE, GROUP, DIVISION, STUDENT_NUMBER)
SENT_AT_HEADERS = (SENT_AT, SENT_ON)
KNOWN_HEADERS = (*REQUIRED_HEADERS, *OPTIONAL_HEADERS, *SENT_AT_HEADERS)
# Headers are compared once normalised: Pix names the competences with typographic apostrophes
# (« veille d’information ») and writes « multimedia » without its accent.
_CANONICAL = {normalize_name(header): header for header in KNOWN_HEADERS}
# The campaign's external-id column is named by the school when it creates the campaign; these are
# the names that announce an INE (compared once normalised: « N° INE », « ine »…). Under any other
# name (« Identifiant »…) a value shaped like an INE is used as one, anything else is ignored.
EXTERNAL_ID_HEADERS = frozenset({"INE", "NINE", "NUMEROINE", "IDENTIFIANTNATIONAL", "IDENTIFIANTNATIONALELEVE"})

_YES = frozenset({"O", "OUI"})
_NO = frozenset({"N", "NON"})
_DATE_FORMATS = ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d")
_INTEGER = re.compile(r"^\d{1,4}$")
_PARIS = zoneinfo.ZoneInfo("Europe/Paris")


class ProfileImportError(ServiceError):
    """A refused profile-collection file; ``errors`` lists every problem found, each with its place."""

    def __init__(self, errors: list[str]) -> None:
        if len(errors) == 1:
            message = errors[0]
        else:
            message = _("Aucun profil n'a été importé : le fichier contient %(count)s erreurs.") % {
                "count": len(errors)
            }
        super().__init__(message)
        self.errors = errors


@dataclass(frozen=True, slots=True)
class ProfileRow:
    """One participant as read from the file; ``levels`` maps a competence code to (level, pix).

    A row not sent carries only who the participant is: it is matched to be reported when it matches
    nobody, never imported.
    """

    line: int
    last_name: str
    first_name: str
    division: str
    ine: str
    sent: bool
    sent_at: dt.datetime | None = None
    levels: dict[str, tuple[int, int]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Columns:
    names: list[str]  # each column's canonical name (as written when it is the external id)
    external: str | None  # the campaign's external-id column, when there is one
    external_is_ine: bool  # its name announces an INE: a value that is not one is an error
    sent_at: str  # which of the two sending-date headers the file has


def _wrong_type() -> ProfileImportError:
    return ProfileImportError(
        [
            _(
                "Ce fichier n'est pas un fichier CSV séparé par des points-virgules : exportez les résultats de la "
                "campagne de collecte de profils depuis Pix Orga, sans les modifier."
            )
        ]
    )


def _read_bytes(uploaded_file: UploadedFile) -> bytes:
    try:
        check_size(uploaded_file, max_bytes=max_upload_bytes())
    except UploadRefused as refusal:
        raise ProfileImportError([refusal.message]) from refusal
    uploaded_file.seek(0)
    data = uploaded_file.read()
    # The content says what the file is: a renamed PDF, spreadsheet or zip is refused here.
    if sniff(data[:512]) != FORMAT_CSV:
        raise _wrong_type()
    return data


def _decode(data: bytes) -> str:
    message = _(
        "Ligne %(line)s : le fichier n'est pas encodé en UTF-8. Exportez-le à nouveau depuis Pix Orga "
        "sans l'ouvrir ni l'enregistrer dans un tableur."
    )
    try:
        return decode_utf8(data, message=message)
    except UploadRefused as refusal:
        raise ProfileImportError([refusal.message]) from refusal


def _check_headers(header: list[str]) -> _Columns:
    """Every column found by its header; the external id is the unknown column just before « Envoi (O/N) »
    (Pix writes it after the names, « Classe », « Groupe » or « Numéro Étudiant »)."""
    try:
        written = header_names(header)
    except UploadRefused as refusal:
        raise ProfileImportError([refusal.message]) from refusal
    names = [_CANONICAL.get(normalize_name(h), h) for h in written]
    external = None
    if SENT in names:
        before = names.index(SENT) - 1
        if before >= 0 and names[before] and names[before] not in KNOWN_HEADERS:
            external = names[before]
    dates = [h for h in SENT_AT_HEADERS if h in names]
    problems = header_problems(
        names,
        required=REQUIRED_HEADERS,
        known={*KNOWN_HEADERS, *([external] if external else [])},
        doubled=dates if len(dates) > 1 else (),
    )
    if not dates:
        problems.insert(0, _("colonne manquante : « %(new)s » ou « %(old)s »") % {"new": SENT_AT, "old": SENT_ON})
    if problems:
        raise ProfileImportError(
            [
                _(
                    "Les en-têtes du fichier ne correspondent pas à l'export de collecte de profils de Pix Orga "
                    "(%(problems)s). Importez le fichier tel que Pix Orga l'a produit."
                )
                % {"problems": " ; ".join(problems)}
            ]
        )
    return _Columns(
        names=names,
        external=external,
        external_is_ine=external is not None and normalize_name(external) in EXTERNAL_ID_HEADERS,
        sent_at=dates[0],
    )


def parse_sent_at(value: str, *, zone: dt.tzinfo | None = None) -> tuple[dt.datetime | None, str | None]:
    """The sending date as Pix Orga or a spreadsheet writes it, in ``zone`` (default: the current one)."""
    for pattern in _DATE_FORMATS:
        try:
            naive = dt.datetime.strptime(value, pattern)
        except ValueError:
            continue
        return timezone.make_aware(naive, zone), None
    return None, _("la date « %(value)s » n'est pas au format jj/mm/aaaa (ou aaaa-mm-jj).") % {"value": value}


class _Reader:
    def __init__(self, columns: _Columns, now: dt.datetime) -> None:
        self.columns = columns
        self.names = columns.names
        self.now = now
        self.errors: list[str] = []
        self.rows: list[ProfileRow] = []
        self.line_of_ine: dict[str, int] = {}

    def error(self, line: int, column: str, text: str) -> None:
        self.errors.append(
            _("Ligne %(line)s, « %(column)s » : %(error)s") % {"line": line, "column": column, "error": text}
        )

    def read_line(self, cells: list[str], line: int) -> None:
        if not any(c.strip() for c in cells):
            return  # spreadsheets leave blank lines at the end
        if len(cells) > len(self.names) and any(c.strip() for c in cells[len(self.names) :]):
            self.errors.append(
                _("Ligne %(line)s : %(count)s colonnes au lieu de %(expected)s.")
                % {"line": line, "count": len(cells), "expected": len(self.names)}
            )
            return
        values = {name: unescape_cell(clean_text(cell)) for name, cell in zip(self.names, cells, strict=False)}
        before = len(self.errors)
        # The header says O/N, Pix Orga writes « Oui » / « Non »: both are read, in any case.
        sent = values.get(SENT, "").upper()
        if sent in _NO:
            # Nothing was shared: the other cells say « NA »; who it is is kept to report a row matching nobody.
            self.rows.append(
                ProfileRow(
                    line,
                    values.get(LAST_NAME, ""),
                    values.get(FIRST_NAME, ""),
                    values.get(DIVISION, ""),
                    self._ine(values, line, sent=False),
                    False,
                )
            )
            return
        if sent not in _YES:
            self.error(
                line, SENT, _("la valeur « %(value)s » doit être Oui ou Non (ou O ou N).") % {"value": values.get(SENT, "")}
            )
            return
        row = self._read_sent(values, line)
        if len(self.errors) == before:
            self.rows.append(row)

    def _ine(self, values: dict[str, str], line: int, *, sent: bool) -> str:
        """The row's INE, or "" when the external id is empty or, under a name that does not announce an
        INE, is something else (an e-mail, a local number)."""
        header = self.columns.external
        value = values.get(header, "") if header else ""
        if not header or not value:
            return ""
        ine, problem = check_ine(value)
        if problem:
            if sent and self.columns.external_is_ine:
                self.error(line, header, problem)
            return ""
        if sent:
            first = self.line_of_ine.setdefault(ine, line)
            if first != line:
                self.error(line, header, _("l'INE « %(ine)s » figure déjà ligne %(first)s.") % {"ine": ine, "first": first})
        return ine

    def _read_sent(self, values: dict[str, str], line: int) -> ProfileRow:
        for header in (LAST_NAME, FIRST_NAME):
            if not values.get(header):
                self.error(line, header, _("ce champ est obligatoire."))
        ine = self._ine(values, line, sent=True)
        sent_at = None
        header = self.columns.sent_at
        if values.get(header):
            # « Date et heure de l'envoi (Europe/Paris) » says its zone; the older date is a calendar day.
            sent_at, problem = parse_sent_at(values[header], zone=_PARIS if header == SENT_AT else None)
            if problem:
                self.error(line, header, problem)
            elif sent_at is not None and sent_at > self.now:
                self.error(line, header, _("la date « %(value)s » est dans le futur.") % {"value": values[header]})
        levels: dict[str, tuple[int, int]] = {}
        for code, name in COMPETENCES:
            level = self._integer(values, level_header(name), line, maximum=MAX_LEVEL)
            pix = self._integer(values, pix_header(name), line)
            if level is not None and pix is not None:
                levels[code] = (level, pix)
        return ProfileRow(
            line=line,
            last_name=values.get(LAST_NAME, ""),
            first_name=values.get(FIRST_NAME, ""),
            division=values.get(DIVISION, ""),
            ine=ine,
            sent=True,
            sent_at=sent_at,
            levels=levels,
        )

    def _integer(self, values: dict[str, str], header: str, line: int, *, maximum: int | None = None) -> int | None:
        value = values.get(header, "")
        if not value:
            self.error(line, header, _("ce champ est obligatoire."))
            return None
        if not _INTEGER.match(value):
            self.error(
                line, header, _("la valeur « %(value)s » n'est pas un nombre entier positif.") % {"value": value}
            )
            return None
        number = int(value)
        if maximum is not None and number > maximum:
            self.error(
                line,
                header,
                _("le niveau %(value)s dépasse le niveau maximal %(max)s.") % {"value": value, "max": maximum},
            )
            return None
        return number


def parse_profile_collection(uploaded_file: UploadedFile, *, now: dt.datetime) -> tuple[list[ProfileRow], bool]:
    """Every participant of the file, and whether it has a « Classe » column.

    Raises ProfileImportError listing every problem, each with its line and column.
    """
    reader = csv.reader(io.StringIO(_decode(_read_bytes(uploaded_file)), newline=""), delimiter=";")
    try:
        header = next(reader, None)
        if header is None:
            raise ProfileImportError([_("Le fichier est vide.")])
        columns = _check_headers(header)
        state = _Reader(columns, now)
        for cells in reader:
            state.read_line(cells, reader.line_num)
    except csv.Error as error:
        raise ProfileImportError(
            [
                _("Ligne %(line)s : le fichier CSV est illisible (%(error)s).")
                % {"line": reader.line_num, "error": error}
            ]
        ) from error
    if state.errors:
        raise ProfileImportError(state.errors)
    if not state.rows:
        raise ProfileImportError([_("Le fichier ne contient aucun participant.")])
    return state.rows, DIVISION in columns.names

"""The « Liste des candidats » ODS template (DOMAIN.md §3): its columns, and reading it back.

`parse_candidate_list` answers with one `CandidateRow` per filled row, each carrying the
`CandidateData` it spells and the errors of its cells that the file alone shows (a date that is not
jj/mm/aaaa, an extra time that is not a number); the business rules are the services' job.
SUP and PRO centres import the 14 columns; a school without a roster the 12 of the schools'
template (no billing); a school with a roster enrols its students from it and imports none.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from candidates.models import BillingMode
from candidates.services import CandidateData
from centres.models import CentreType
from pixcertif.lib.errors import ServiceError
from pixcertif.lib.ods_reader import Cell, Row, UploadRefused, read_first_sheet
from pixcertif.lib.spreadsheet import restore_neutralised
from pixcertif.lib.text import normalize_name
from pixcertif.lib.uploads import DEFAULT_MAX_UNZIPPED_BYTES, DEFAULT_MAX_UPLOAD_BYTES, setting_bytes

MAX_CANDIDATES = 2000
SHEET_NAME = "Liste des candidats"


@dataclass(frozen=True, slots=True)
class Column:
    field: str  # the CandidateData field
    header: str


# The headers are the file's interface with every centre's copies of the template: never translated.
COMMON_COLUMNS = (
    Column("last_name", "* Nom de naissance"),
    Column("first_name", "* Prénom"),
    Column("external_id", "Identifiant local"),
    Column("extra_time_percentage", "Temps majoré ?"),
    Column("birthdate", "* Date de naissance (format : jj/mm/aaaa)"),
    Column("birth_city", "Nom de la commune"),
    Column("birth_postal_code", "Code postal"),
    Column("birth_insee_code", "Code Insee"),
    Column("birth_country", "Pays"),
    Column("convocation_email", "E-mail de convocation"),
    Column("result_recipient_email", "E-mail du destinataire des résultats (formateur, enseignant…)"),
    Column("sex", "* Sexe (M ou F)"),
)
BILLING_COLUMNS = (
    Column("billing_mode", "Tarification part Pix"),
    Column("prepayment_code", "Code de prépaiement"),
)
CODE_FIELDS = ("birth_postal_code", "birth_insee_code")
# « Tarification part Pix » as the template spells it; read back ignoring accents and case.
BILLING_FILE_VALUES = {BillingMode.FREE: "Gratuite", BillingMode.PAID: "Payante", BillingMode.PREPAID: "Prépayée"}
BILLING_LABELS = {normalize_name(text): value for value, text in BILLING_FILE_VALUES.items()}

_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_PERCENT = re.compile(r"^(\d{1,3})(?:[.,]0*)?\s*%?$")


class CandidateListError(ServiceError):
    """A refused candidate list; ``errors`` lists every problem, each naming its line and column."""

    def __init__(self, errors: list[str]) -> None:
        if len(errors) == 1:
            message = errors[0]
        else:
            message = _("Aucun candidat n'a été importé : le fichier contient %(count)s erreurs.") % {"count": len(errors)}
        super().__init__(message)
        self.errors = errors


@dataclass
class CandidateRow:
    line: int
    data: CandidateData
    errors: list[tuple[str, str]] = field(default_factory=list)  # (CandidateData field, message)


def columns_for(centre_type: str, *, has_roster: bool = False) -> tuple[Column, ...]:
    """The template's columns for a centre: a school has no billing columns (DOMAIN.md §3)."""
    if centre_type == CentreType.SCO:
        if has_roster:
            raise CandidateListError([sco_refusal()])
        return COMMON_COLUMNS
    return COMMON_COLUMNS + BILLING_COLUMNS


def header_of(columns: tuple[Column, ...], field_name: str) -> str:
    return next((c.header for c in columns if c.field == field_name), columns[0].header)


def sco_refusal() -> str:
    return _(
        "Un établissement scolaire qui gère ses élèves n'importe pas de liste de candidats : il inscrit ses "
        "élèves depuis la liste des élèves."
    )


def altered() -> str:
    return _("Le modèle a été altéré, merci de le télécharger à nouveau")


def missing_column(header: str) -> str:
    return _(
        "La colonne « %(header)s » est absente ou a été renommée : le modèle a été altéré, merci de le "
        "télécharger à nouveau."
    ) % {"header": header}


def max_upload_bytes() -> int:
    return setting_bytes("PIXCERTIF_CANDIDATES_ODS_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES)


def parse_candidate_list(
    uploaded_file: UploadedFile, *, centre_type: str, has_roster: bool = False
) -> list[CandidateRow]:
    """The filled rows under the template's header row, or CandidateListError."""
    columns = columns_for(centre_type, has_roster=has_roster)
    try:
        rows = read_first_sheet(
            uploaded_file,
            max_bytes=max_upload_bytes(),
            max_unzipped=setting_bytes("PIXCERTIF_CANDIDATES_ODS_MAX_UNZIPPED_BYTES", DEFAULT_MAX_UNZIPPED_BYTES),
            # The title block and the header row come on top of the candidates.
            max_rows=MAX_CANDIDATES + 50,
            max_columns=len(columns) + 10,
        )
    except UploadRefused as refusal:
        raise CandidateListError([refusal.message]) from refusal
    header_index = _header_index(rows, columns)
    candidates = [_candidate_row(row, columns) for row in rows[header_index + 1 :]]
    if not candidates:
        raise CandidateListError([_("Le fichier ne contient aucun candidat : remplissez une ligne par candidat sous les en-têtes.")])
    if len(candidates) > MAX_CANDIDATES:
        raise CandidateListError([_("Le fichier contient plus de %(max)s candidats.") % {"max": MAX_CANDIDATES}])
    return candidates


def _same_header(text: str) -> str:
    text = unicodedata.normalize("NFC", " ".join(text.split()))
    return text.replace("...", "…").replace("’", "'")


def _header_index(rows: list[Row], columns: tuple[Column, ...]) -> int:
    """Where the header row is: the first row holding at least half of the template's headers (the title
    block comes above it). It must be intact; a missing or renamed column is named."""
    expected = [_same_header(c.header) for c in columns]
    for index, row in enumerate(rows):
        found = [_same_header(cell.text) for cell in row.cells]
        if 2 * len(set(found) & set(expected)) < len(expected):
            continue
        if found != expected:
            missing = [c.header for c, header in zip(columns, expected, strict=True) if header not in found]
            raise CandidateListError([missing_column(h) for h in missing] or [altered()])
        return index
    raise CandidateListError([altered()])


def _candidate_row(row: Row, columns: tuple[Column, ...]) -> CandidateRow:
    values: dict[str, object] = {}
    errors: list[tuple[str, str]] = []
    for index, column in enumerate(columns):
        cell = row.cell(index)
        try:
            values[column.field] = _value(column.field, cell)
        except ValueError as error:
            errors.append((column.field, str(error)))
            values[column.field] = None if column.field in ("birthdate", "extra_time_percentage") else ""
    data = CandidateData(**values)  # type: ignore[arg-type]
    return CandidateRow(line=row.number, data=data, errors=errors)


def _value(field_name: str, cell: Cell) -> object:
    if field_name == "birthdate":
        return _date(cell)
    if field_name == "extra_time_percentage":
        return _percentage(cell)
    text = _text(cell)
    if field_name in CODE_FIELDS:
        # Spreadsheets drop the leading zero of 01234 (DOMAIN.md §3).
        return text.zfill(5) if len(text) == 4 and text.isdigit() else text
    if field_name == "sex":
        return text.upper()
    if field_name == "billing_mode":
        return BILLING_LABELS.get(normalize_name(text), text)
    return text


def _text(cell: Cell) -> str:
    if cell.kind in ("float", "currency") and cell.value:
        number = float(cell.value)
        return str(int(number)) if number.is_integer() else cell.value
    return restore_neutralised(" ".join(cell.text.split()))


def _date(cell: Cell) -> dt.date | None:
    if cell.kind == "date" and cell.value:
        try:
            return dt.date.fromisoformat(cell.value[:10])
        except ValueError:
            pass
    text = " ".join(cell.text.split())
    if not text:
        return None
    match = _DATE.match(text)
    if not match:
        raise ValueError(_("La date « %(value)s » n'est pas au format jj/mm/aaaa.") % {"value": text})
    day, month, year = (int(part) for part in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(_("La date « %(value)s » n'existe pas.") % {"value": text}) from None


def _percentage(cell: Cell) -> int | None:
    """« 33 », « 33 % », 33 or 0.33 in a percentage cell: all read as 33; 0 is no extra time."""
    if cell.kind in ("percentage", "float") and cell.value:
        number = float(cell.value)
        # A percentage cell holds 0.33 for 33 %; nobody means 0.33 % of extra time.
        if cell.kind == "percentage" or 0 < number < 1:
            number *= 100
        if abs(number - round(number)) < 1e-6:
            return round(number) or None
        raise ValueError(_("Le temps majoré « %(value)s » doit être un nombre entier de pourcents, par exemple 33.") % {"value": cell.text or cell.value})
    text = " ".join(cell.text.split())
    if not text:
        return None
    match = _PERCENT.match(text)
    if not match:
        raise ValueError(_("Le temps majoré « %(value)s » doit être un nombre entier de pourcents, par exemple 33.") % {"value": text})
    return int(match.group(1)) or None

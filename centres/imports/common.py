"""What both roster formats share: the validated row, the error carrying every problem, checks."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, fields
from typing import Any

from django.utils.translation import gettext as _

from pixcertif.lib import insee, uploads
from pixcertif.lib.errors import ServiceError

# Limits of the upload itself; settings may lower them (tests do).
DEFAULT_MAX_UPLOAD_BYTES = uploads.DEFAULT_MAX_UPLOAD_BYTES
DEFAULT_MAX_UNZIPPED_BYTES = uploads.DEFAULT_MAX_UNZIPPED_BYTES
MAX_ZIP_ENTRIES = 10
MAX_ZIP_RATIO = 100

_INE = re.compile(r"^[0-9A-Z]{11}$")
_DATE = re.compile(r"^(\d{2})/(\d{2})/(\d{4})$")


def max_upload_bytes() -> int:
    return uploads.setting_bytes("PIXCERTIF_ROSTER_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES)


def max_unzipped_bytes() -> int:
    return uploads.setting_bytes("PIXCERTIF_ROSTER_MAX_UNZIPPED_BYTES", DEFAULT_MAX_UNZIPPED_BYTES)


class RosterImportError(ServiceError):
    """A refused roster file; ``errors`` lists every problem found, each naming where and what."""

    def __init__(self, errors: list[str]) -> None:
        if len(errors) == 1:
            message = errors[0]
        else:
            message = _("Aucun élève n'a été importé : le fichier contient %(count)s erreurs.") % {"count": len(errors)}
        super().__init__(message)
        self.errors = errors


@dataclass(frozen=True, slots=True)
class StudentRow:
    """One student as read from a roster file, already checked; field names are Student's."""

    ine: str
    first_name: str
    last_name: str
    birthdate: dt.date
    sex: str
    second_name: str = ""
    third_name: str = ""
    usage_name: str = ""
    birth_insee_code: str = ""
    birth_city: str = ""
    birth_country_code: str = ""
    birth_department_code: str = ""
    division: str = ""
    mef_code: str = ""
    status_code: str = ""


STUDENT_ROW_FIELDS = tuple(f.name for f in fields(StudentRow))

# Column sizes of Student, checked before saving so that PostgreSQL never refuses a row midway.
MAX_LENGTHS = {
    "ine": 11,
    "first_name": 100,
    "second_name": 100,
    "third_name": 100,
    "last_name": 100,
    "usage_name": 100,
    "birth_insee_code": 5,
    "birth_city": 100,
    "birth_country_code": 5,
    "birth_department_code": 3,
    "division": 30,
    "mef_code": 11,
    "status_code": 30,
}


def canonical_birth_codes(row: dict[str, Any]) -> None:
    """The row's birth codes in their one INSEE spelling (pixcertif/lib/insee.py), whatever the file wrote."""
    for name, canonical in (
        ("birth_country_code", insee.country_code),
        ("birth_department_code", insee.department_code),
        ("birth_insee_code", insee.commune_code),
    ):
        if row.get(name):
            row[name] = canonical(row[name])


def clean_text(value: str | None) -> str:
    return " ".join((value or "").split())


def check_ine(value: str) -> tuple[str, str | None]:
    """The INE upper-cased, and an error text when it is not 11 letters and digits."""
    ine = value.strip().upper()
    if not _INE.match(ine):
        return ine, _("l'INE « %(value)s » n'est pas valide : il compte 11 caractères, chiffres et lettres.") % {
            "value": value
        }
    return ine, None


def parse_date(value: str, *, today: dt.date) -> tuple[dt.date | None, str | None]:
    """A jj/mm/aaaa birthdate, or an error text saying what is wrong with it."""
    match = _DATE.match(value.strip())
    if not match:
        return None, _("la date « %(value)s » n'est pas au format jj/mm/aaaa.") % {"value": value}
    day, month, year = (int(part) for part in match.groups())
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return None, _("la date « %(value)s » n'existe pas.") % {"value": value}
    if date > today:
        return None, _("la date « %(value)s » est dans le futur.") % {"value": value}
    if date.year < 1900:
        return None, _("la date « %(value)s » est antérieure à 1900.") % {"value": value}
    return date, None


def too_long(field: str, value: str) -> str | None:
    limit = MAX_LENGTHS.get(field)
    if limit is not None and len(value) > limit:
        return _("la valeur « %(value)s » dépasse %(max)s caractères.") % {"value": value, "max": limit}
    return None


def no_student_error() -> RosterImportError:
    return RosterImportError([_("Le fichier ne contient aucun élève.")])

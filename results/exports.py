"""The session results CSV of DOMAIN.md §7: exact columns, `;`, UTF-8 with a BOM, formula-safe cells."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.utils import timezone
from django.utils.text import slugify

from centres.models import CertificationCentre
from pixcertif.lib.csv_export import write_csv
from pixcertif.lib.dates import format_date_fr
from referential.framework import COMPETENCES
from results.selectors import (
    ResultRow,
    course_result_rows,
    school_published_courses,
    session_result_rows,
)
from sessions_app.lifecycle import is_published
from sessions_app.models import Session

COMPETENCE_CODES = tuple(code for code, _name in COMPETENCES)

# The columns are an interface (the centres' spreadsheets read them): never translated, never reordered.
HEADER = (
    "Numéro de certification",
    "Prénom",
    "Nom",
    "Date de naissance",
    "Lieu de naissance",
    "Identifiant Externe",
    "Statut",
    "Nombre de Pix",
    *COMPETENCE_CODES,
    "Commentaire jury pour l'organisation",
    "Session",
    "Centre de certification",
    "Date de passage de la certification",
)


class ResultsNotPublished(Exception):
    """The results of an unpublished session are exported to nobody."""


CENTRE_COLUMN = "Centre de certification"
# The school's own export per division (docs/lsu-api.md): the same columns, the centre being the school itself.
DIVISION_HEADER = tuple(column for column in HEADER if column != CENTRE_COLUMN)


def result_cells(row: ResultRow, *, centre_name: str | None) -> list[object]:
    """The cells of one certification, in HEADER order; without the centre column when ``centre_name`` is None."""
    centre = [] if centre_name is None else [centre_name]
    return [
        row.course_id,
        row.first_name,
        row.last_name,
        format_date_fr(row.birthdate),
        row.birthplace,
        row.external_id,
        row.status_label,
        "" if row.pix is None else row.pix,
        # The level as scored, -1 and 0 included (DOMAIN.md, LSU section); empty when not tested.
        *(row.levels.get(code, "") for code in COMPETENCE_CODES),
        row.comment_for_organisation,
        row.session_id,
        *centre,
        format_date_fr(row.passed_on),
    ]


class SessionResultsExporter:
    """The results of a published session, or of one recipient's candidates when ``recipient_email`` is given."""

    content_type = "text/csv; charset=utf-8"

    def __init__(self, session: Session, *, recipient_email: str | None = None, now: dt.datetime | None = None) -> None:
        self.session = session
        self.recipient_email = recipient_email
        self.now = now or timezone.now()

    def filename(self) -> str:
        stamp = timezone.localtime(self.now).strftime("%Y%m%d_%H%M")
        return f"{stamp}_resultats_session_{self.session.pk}.csv"

    def iterate_rows(self) -> Iterator[list[object]]:
        yield list(HEADER)
        for row in session_result_rows(self.session, recipient_email=self.recipient_email):
            yield result_cells(row, centre_name=self.session.centre.name)

    def render(self) -> tuple[str, str, bytes]:
        if not is_published(self.session):
            raise ResultsNotPublished(self.session.pk)
        return self.filename(), self.content_type, write_csv(self.iterate_rows())


class DivisionResultsExporter:
    """The published results of the active students of one division of a school (SCO centres)."""

    content_type = "text/csv; charset=utf-8"

    def __init__(self, centre: CertificationCentre, division: str, *, now: dt.datetime | None = None) -> None:
        self.centre = centre
        self.division = division
        self.now = now or timezone.now()

    def filename(self) -> str:
        stamp = timezone.localtime(self.now).strftime("%Y%m%d_%H%M")
        return f"{stamp}_resultats_division_{slugify(self.division) or 'sans-division'}.csv"

    def iterate_rows(self) -> Iterator[list[object]]:
        yield list(DIVISION_HEADER)
        for row in course_result_rows(
            school_published_courses(self.centre).filter(candidate__student__division=self.division)
        ):
            yield result_cells(row, centre_name=None)

    def render(self) -> tuple[str, str, bytes]:
        return self.filename(), self.content_type, write_csv(self.iterate_rows())

"""The session results CSV of DOMAIN.md §7: exact columns, `;`, UTF-8 with a BOM, formula-safe cells."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.utils import timezone

from pixcertif.lib.csv_export import write_csv
from pixcertif.lib.dates import format_date_fr
from referential.framework import COMPETENCES
from results.selectors import ResultRow, is_published, session_result_rows
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

    def _row(self, row: ResultRow) -> list[object]:
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
            self.session.pk,
            self.session.centre.name,
            format_date_fr(row.passed_on),
        ]

    def iterate_rows(self) -> Iterator[list[object]]:
        yield list(HEADER)
        for row in session_result_rows(self.session, recipient_email=self.recipient_email):
            yield self._row(row)

    def render(self) -> tuple[str, str, bytes]:
        if not is_published(self.session):
            raise ResultsNotPublished(self.session.pk)
        return self.filename(), self.content_type, write_csv(self.iterate_rows())

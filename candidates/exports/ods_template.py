"""The « Liste des candidats » template, pre-filled with a session and its candidates.

Built on the styled ``candidates/templates_ods/liste-candidats.ods``: the session goes in the title
block (B2:B6), one row per candidate under the header row. Uploaded back unchanged, it gives the same
list (`candidates.imports.ods` reads what this writes).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import ezodf

from candidates.imports.ods import BILLING_FILE_VALUES, COMMON_COLUMNS, Column, columns_for
from candidates.models import Candidate
from centres.selectors import centre_has_roster
from pixcertif.lib.dates import format_date_fr
from pixcertif.lib.ods_reader import ODS_MIMETYPE
from pixcertif.lib.spreadsheet import neutralise_formula
from sessions_app.models import Session

TEMPLATE = Path(__file__).resolve().parent.parent / "templates_ods" / "liste-candidats.ods"
# The schools' template: the same without the billing columns (a school without a roster).
TEMPLATE_WITHOUT_BILLING = TEMPLATE.with_name("liste-candidats-12-colonnes.ods")
SESSION_VALUE_COLUMN = 1  # B2:B6, under the labels of column A
FIRST_SESSION_ROW = 1
HEADER_ROW = 7  # row 8 of the sheet


class CandidateListExporter:
    """``render() -> (filename, content_type, bytes)``, the shape of every export."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.columns: tuple[Column, ...] = columns_for(session.centre.type, has_roster=centre_has_roster(session.centre))
        self.template = TEMPLATE if len(self.columns) > len(COMMON_COLUMNS) else TEMPLATE_WITHOUT_BILLING

    def session_values(self) -> list[str]:
        session = self.session
        return [str(session.pk), session.address, session.room, format_date_fr(session.date), session.time.strftime("%H:%M")]

    def iterate_rows(self) -> Iterator[list[str | int | None]]:
        for candidate in self.session.candidates.order_by("last_name", "first_name", "id"):
            yield [_value(candidate, column) for column in self.columns]

    def render(self) -> tuple[str, str, bytes]:
        document = ezodf.opendoc(str(self.template))
        sheet = document.sheets[0]
        for offset, text in enumerate(self.session_values()):
            sheet[FIRST_SESSION_ROW + offset, SESSION_VALUE_COLUMN].set_value(neutralise_formula(text), "string")
        rows = list(self.iterate_rows())
        if rows:
            sheet.append_rows(len(rows))
        for index, values in enumerate(rows):
            for column, value in enumerate(values):
                _write(sheet[HEADER_ROW + 1 + index, column], value)
        out = io.BytesIO()
        document.docname = out  # ezodf writes into a stream given as the document's name
        document.save()
        return f"liste-candidats-session-{self.session.pk}.ods", ODS_MIMETYPE, out.getvalue()


def _value(candidate: Candidate, column: Column) -> str | int | None:
    if column.field == "birthdate":
        return format_date_fr(candidate.birthdate)
    if column.field == "extra_time_percentage":
        return candidate.extra_time_percentage
    if column.field == "billing_mode":
        return BILLING_FILE_VALUES.get(candidate.billing_mode, "")  # type: ignore[call-overload]
    if column.field == "birth_insee_code" and candidate.birth_postal_code:
        # Entered as postal code + city: written back that way, so that a re-import keeps the postal code.
        return ""
    value = getattr(candidate, column.field)
    return "" if value is None else str(value)


def _write(cell: ezodf.Cell, value: str | int | None) -> None:
    if isinstance(value, int):
        cell.set_value(value / 100, "percentage")  # shown « 33 % » by the column's style
        cell.style_name = "ce_percent"
    elif value:
        cell.set_value(neutralise_formula(value), "string")

"""The one safe CSV writer of every export: `;`, UTF-8 with a BOM, formula-unsafe text neutralised.

Excel opens a `;`-separated UTF-8 file right only with the BOM (accents otherwise garbled), and runs a
cell starting with = + - @ as a formula: every text cell goes through `neutralise_formula`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from pixcertif.lib.spreadsheet import neutralise_formula

BOM = "\ufeff"
SEPARATOR = ";"


def _cell(value: object) -> str:
    # Numbers are ours, never typed by a user: a level of -1 stays « -1 », not « '-1 ».
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return neutralise_formula(str(value))


def write_csv(rows: Iterable[Sequence[object]]) -> bytes:
    """The rows (header first) as the bytes of a `;`-separated UTF-8 CSV file with a BOM, CRLF lines."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=SEPARATOR, lineterminator="\r\n")
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return (BOM + buffer.getvalue()).encode("utf-8")

"""How Pix's CSV exports write a cell, read back (import) and written (demo and test files).

Pix's serializer (api/src/shared/infrastructure/helpers/csv.js in 1024pix/pix): `;` between cells,
a line ends with a bare ``\\n``, the file starts with a BOM; numbers and strings made only of digits
and dashes are bare, every other string is in double quotes, and a string that a spreadsheet could
take for a formula (it starts with ``-``, ``@``, ``=`` or ``+``) gets a leading apostrophe.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_BARE = re.compile(r"^[0-9-]+$")
_FORMULA_START = ("-", "@", "=", "+")


def unescape_cell(value: str) -> str:
    """The cell as the participant typed it: Pix's anti-formula apostrophe dropped."""
    if len(value) > 1 and value[0] == "'" and value[1] in _FORMULA_START:
        return value[1:]
    return value


def _cell(value: str | int, *, quote_all: bool) -> str:
    if isinstance(value, int):
        return f'"{value}"' if quote_all else str(value)
    if _BARE.match(value) and not quote_all:
        return value
    prefix = "'" if value.startswith(_FORMULA_START) else ""
    return '"' + prefix + value.replace('"', '""') + '"'


def pix_csv_line(cells: Iterable[str | int], *, quote_all: bool = False) -> str:
    """One line as Pix's export writes it; ``quote_all`` quotes the numbers too (older exports)."""
    return ";".join(_cell(cell, quote_all=quote_all) for cell in cells) + "\n"


def pix_csv(header: list[str], rows: Iterable[Iterable[str | int]], *, quote_all: bool = False) -> bytes:
    """A whole export: BOM, header line, rows, UTF-8."""
    text = pix_csv_line(header, quote_all=quote_all) + "".join(pix_csv_line(r, quote_all=quote_all) for r in rows)
    return "\ufeff".encode() + text.encode()

"""One spelling of each birth code (issue 14): the INSEE codes of the birthplace reference.

The SIECLE XML writes a country ``100`` and a department ``075``; the roster CSV ``99100`` and ``75``.
Every importer stores what these functions answer, and every reader goes through them too, so that a
pupil imported from either file is the same pupil.
"""

from __future__ import annotations

FRANCE_COUNTRY_CODE = "99100"  # BirthCountry's « FRANCE »


def country_code(value: str) -> str:
    """The country as the INSEE's 5-digit code ``99xxx`` (``100`` → ``99100``, ``99351`` kept)."""
    code = value.strip().upper()
    if code.isdigit() and len(code) <= 3:
        return "99" + code.zfill(3)
    return code


def department_code(value: str) -> str:
    """The department as the INSEE writes it: ``75``, ``01``, ``2A``, ``971`` (SIECLE's ``075``, ``02A``
    lose their padding zero; a spreadsheet's ``1`` gets it back)."""
    code = value.strip().upper()
    if len(code) == 3 and code.startswith("0"):
        return code[1:]
    if len(code) == 1 and code.isdigit():
        return "0" + code
    return code


def commune_code(value: str) -> str:
    """The commune's 5-character INSEE code (a spreadsheet's ``1053`` → ``01053``, ``2a004`` → ``2A004``)."""
    code = value.strip().upper()
    if len(code) == 4 and code.isdigit():
        return "0" + code
    return code


def is_france(code: str) -> bool:
    """Born in France, whatever the spelling of the country code (an empty one is not France)."""
    return country_code(code) == FRANCE_COUNTRY_CODE

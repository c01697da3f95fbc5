"""Exported cells that a spreadsheet would run as a formula (CSV/formula injection, OWASP).

A spreadsheet reads a formula from a cell that starts with = + - @, and Excel, LibreOffice or Google Sheets
also from one that starts with a tab, a carriage return or a line feed, or with spaces (plain, non-breaking,
ideographic…) before the sign, and some of them from the full-width signs of East Asian input (＝ ＋ － ＠) or
their small forms (﹦ ﹢ ﹣ ﹫). Every such cell gets a leading quote.
"""

from __future__ import annotations

FORMULA_SIGNS = frozenset("=+-@＝＋－＠﹦﹢﹣﹫")  # the full-width and small forms on purpose
CONTROL_STARTS = frozenset("\t\r\n")
# Blanks a spreadsheet skips before a formula sign: every Unicode space (str.isspace), and the zero-width ones.
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")
# The characters a cell may start with to be neutralised (for the tests' « is this cell safe? »).
FORMULA_TRIGGERS = tuple(sorted(FORMULA_SIGNS | CONTROL_STARTS))
NEUTRALISING_PREFIX = "'"


def is_formula_unsafe(value: str) -> bool:
    """True when a spreadsheet could read ``value`` as a formula."""
    if not value:
        return False
    if value[0] in CONTROL_STARTS or value[0] in FORMULA_SIGNS:
        return True
    rest = value.lstrip()
    while rest and (rest[0] in ZERO_WIDTH or rest[0].isspace()):
        rest = rest[1:].lstrip()
    return rest != value and bool(rest) and rest[0] in FORMULA_SIGNS


def neutralise_formula(value: str) -> str:
    """The value, prefixed with a single quote when a spreadsheet could read it as a formula.

    Every export writes user-typed text through this; an import of our own file may strip the
    quote again with `restore_neutralised`.
    """
    if is_formula_unsafe(value):
        return NEUTRALISING_PREFIX + value
    return value


def restore_neutralised(value: str) -> str:
    """The value `neutralise_formula` was given, for a cell read back from one of our exports."""
    if value.startswith(NEUTRALISING_PREFIX) and is_formula_unsafe(value[1:]):
        return value[1:]
    return value

"""Exported cells that a spreadsheet would run as a formula (CSV/formula injection, OWASP)."""

from __future__ import annotations

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
NEUTRALISING_PREFIX = "'"


def neutralise_formula(value: str) -> str:
    """The value, prefixed with a single quote when a spreadsheet could read it as a formula.

    Every export writes user-typed text through this; an import of our own file may strip the
    quote again with `restore_neutralised`.
    """
    if value.startswith(FORMULA_TRIGGERS):
        return NEUTRALISING_PREFIX + value
    return value


def restore_neutralised(value: str) -> str:
    """The value `neutralise_formula` was given, for a cell read back from one of our exports."""
    if value.startswith(NEUTRALISING_PREFIX) and value[1:].startswith(FORMULA_TRIGGERS):
        return value[1:]
    return value

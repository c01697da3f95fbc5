"""The formula neutraliser of every export (pixcertif/lib/spreadsheet.py)."""

from __future__ import annotations

import pytest

from pixcertif.lib.spreadsheet import is_formula_unsafe, neutralise_formula, restore_neutralised

UNSAFE = [
    "=1+1",
    "+33 6 12",
    "-2+3",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",  # a line feed: LibreOffice and Excel still read the formula
    "\nDupont",
    " =1+1",
    "   +1",
    "\u00a0=1+1",  # non-breaking space
    "\u3000=1+1",  # ideographic space
    "\u202f-1",  # narrow non-breaking space
    "\u200b=1+1",  # zero-width space, which str.strip() keeps
    " \u200b \ufeff@A1",
    "＝1+1",  # the full-width signs of East Asian keyboards
    "＋1",
    "－1",
    "＠SUM(A1)",
    "\u00a0＝1",
    "﹦1",  # the small forms
]
SAFE = ["Dupont", "a=b", "Jean-Pierre", "O'Neil", " Dupont", "\u00a0Dupont", "", "   ", "1+1", "Ｄｕｐｏｎｔ"]


@pytest.mark.parametrize("value", UNSAFE)
def test_it_neutralises_every_way_a_spreadsheet_reads_a_formula(value: str) -> None:
    assert is_formula_unsafe(value)
    assert neutralise_formula(value) == "'" + value
    assert not is_formula_unsafe(neutralise_formula(value))


@pytest.mark.parametrize("value", SAFE)
def test_it_leaves_plain_text_alone(value: str) -> None:
    assert not is_formula_unsafe(value)
    assert neutralise_formula(value) == value


@pytest.mark.parametrize("value", [*UNSAFE, *SAFE, "'Dupont"])
def test_reading_back_one_of_our_cells_gives_what_was_written(value: str) -> None:
    assert restore_neutralised(neutralise_formula(value)) == value

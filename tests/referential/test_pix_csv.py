"""The cells of Pix's CSV exports, read back and written (referential/imports/pix_csv.py)."""

from __future__ import annotations

from referential.imports.pix_csv import pix_csv_line, unescape_cell


def test_it_writes_numbers_and_digit_strings_bare_and_quotes_the_rest() -> None:
    assert pix_csv_line(["Lycée", 12, "1234", "2021-01-06", 'Dit "Jo"', ""]) == (
        '"Lycée";12;1234;2021-01-06;"Dit ""Jo""";""\n'
    )


def test_it_quotes_every_field_when_asked() -> None:
    assert pix_csv_line(["A", 12, "1234"], quote_all=True) == '"A";"12";"1234"\n'


def test_it_escapes_and_unescapes_what_a_spreadsheet_would_take_for_a_formula() -> None:
    assert pix_csv_line(["=Bono", "@Jean", "+33", "-x"]) == "\"'=Bono\";\"'@Jean\";\"'+33\";\"'-x\"\n"
    assert [unescape_cell(v) for v in ("'=Bono", "'@Jean", "'-x", "'+33")] == ["=Bono", "@Jean", "-x", "+33"]
    assert [unescape_cell(v) for v in ("'", "'Ocean", "O'Connor")] == ["'", "'Ocean", "O'Connor"]

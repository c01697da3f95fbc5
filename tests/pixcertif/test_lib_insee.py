"""One spelling of each birth code (pixcertif/lib/insee.py)."""

from __future__ import annotations

import pytest

from pixcertif.lib import insee


@pytest.mark.parametrize(
    ("written", "canonical"),
    [("100", "99100"), ("99100", "99100"), ("351", "99351"), ("99351", "99351"), ("9", "99009"), ("", "")],
)
def test_it_spells_a_country_as_the_insee_does(written: str, canonical: str) -> None:
    assert insee.country_code(written) == canonical


@pytest.mark.parametrize(
    ("written", "canonical"),
    [("075", "75"), ("75", "75"), ("001", "01"), ("1", "01"), ("02A", "2A"), ("2b", "2B"), ("971", "971"), ("", "")],
)
def test_it_spells_a_department_as_the_insee_does(written: str, canonical: str) -> None:
    assert insee.department_code(written) == canonical


@pytest.mark.parametrize(("written", "canonical"), [("1053", "01053"), ("75056", "75056"), ("2a004", "2A004")])
def test_it_spells_a_commune_with_its_five_characters(written: str, canonical: str) -> None:
    assert insee.commune_code(written) == canonical


def test_france_is_france_in_either_spelling() -> None:
    assert insee.is_france("100") and insee.is_france("99100")
    assert not insee.is_france("") and not insee.is_france("99351")

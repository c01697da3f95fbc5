from __future__ import annotations

import pytest

from pixcertif.lib.text import normalize_name, split_names


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Léa", "LEA"),
        ("  LEA  ", "LEA"),
        ("Jean-François", "JEANFRANCOIS"),
        ("d'Artagnan", "DARTAGNAN"),
        ("Éloïse Ñúñez", "ELOISENUNEZ"),
        ("Cœur", "COEUR"),
        ("ŒDIPE", "OEDIPE"),
        ("Lætitia", "LAETITIA"),
        ("Strauß", "STRAUSS"),
        ("Louis XIV 2", "LOUISXIV2"),
        ("", ""),
        ("---", ""),
    ],
)
def test_it_normalises_names_as_the_domain_says(raw: str, expected: str) -> None:
    assert normalize_name(raw) == expected


def test_it_makes_spelling_variants_of_one_name_equal() -> None:
    assert normalize_name("Léa Dupont") == normalize_name("LEA  dupont") == normalize_name("lea-DUPONT")


def test_it_splits_a_free_text_list_of_supervisors() -> None:
    assert split_names("Mme Dupont, M. Martin ; Léa\n  Paul   Durand ,,") == [
        "Mme Dupont", "M. Martin", "Léa", "Paul Durand",
    ]


def test_it_finds_nobody_in_blank_text() -> None:
    assert split_names(" , ; \n") == []

"""Reading the roster CSV: BOM or not, headers, line-numbered errors, all at once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from centres.imports import RosterImportError, StudentRow, parse_roster
from tests.centres.factories import ROSTER_CSV_HEADERS, SCHOOL_UAI, roster_csv, roster_csv_row

TODAY = dt.date(2021, 1, 15)


def _parse(data: bytes) -> list[StudentRow]:
    _kind, rows = parse_roster(SimpleUploadedFile("eleves.csv", data), uai=SCHOOL_UAI, today=TODAY)
    return rows


def _errors(data: bytes) -> list[str]:
    with pytest.raises(RosterImportError) as caught:
        _parse(data)
    return caught.value.errors


@pytest.mark.parametrize("bom", [True, False], ids=["with BOM", "without BOM"])
def test_it_reads_a_utf8_csv(bom: bool) -> None:
    data = roster_csv(
        [
            roster_csv_row(1, **{"Premier prénom*": "Éloïse", "Nom de famille*": "MÜLLER", "Nom d'usage": "Dupré"}),
            roster_csv_row(
                2,
                **{
                    "Code pays naissance*": "99351",
                    "Code commune naissance**": "",
                    "Libellé commune naissance**": "Tunis",
                    "Code sexe*": "f",
                },
            ),
        ],
        bom=bom,
    )
    first, second = _parse(data)
    assert (first.first_name, first.last_name, first.usage_name) == ("Éloïse", "MÜLLER", "Dupré")
    assert first.ine == "0000000001C"
    assert first.birthdate == dt.date(2007, 9, 3)
    assert (first.sex, first.division, first.mef_code, first.status_code) == ("M", "1G2", "21031011110", "ST")
    assert (first.birth_insee_code, first.birth_department_code, first.birth_country_code) == ("69123", "69", "99100")
    assert (second.birth_city, second.birth_country_code, second.sex) == ("Tunis", "99351", "F")


def test_it_accepts_the_columns_in_another_order_and_ignores_blank_lines() -> None:
    headers = list(reversed(ROSTER_CSV_HEADERS))
    data = roster_csv([roster_csv_row(1), {}, roster_csv_row(2)], headers=headers)
    assert [r.ine for r in _parse(data)] == ["0000000001C", "0000000002C"]


def test_it_names_the_line_and_column_of_a_date_that_does_not_exist() -> None:
    data = roster_csv(
        [roster_csv_row(1), roster_csv_row(2), roster_csv_row(3, **{"Date de naissance (jj/mm/aaaa)*": "31/02/2009"})]
    )
    assert _errors(data) == ["Ligne 4, « Date de naissance (jj/mm/aaaa)* » : la date « 31/02/2009 » n'existe pas."]


def test_it_lists_every_error_at_once() -> None:
    data = roster_csv(
        [
            roster_csv_row(1, **{"Premier prénom*": "", "Division*": ""}),
            roster_csv_row(2, **{"Date de naissance (jj/mm/aaaa)*": "3/9/2007"}),
            roster_csv_row(3, **{"Date de naissance (jj/mm/aaaa)*": "03/09/2030"}),
            roster_csv_row(4, **{"Code sexe*": "X"}),
            roster_csv_row(5, **{"Code commune naissance**": ""}),
            roster_csv_row(6, **{"Code pays naissance*": "99109", "Code commune naissance**": ""}),
            roster_csv_row(7, **{"Identifiant unique*": "123"}),
        ]
    )
    assert _errors(data) == [
        "Ligne 2, « Premier prénom* » : ce champ est obligatoire.",
        "Ligne 2, « Division* » : ce champ est obligatoire.",
        "Ligne 3, « Date de naissance (jj/mm/aaaa)* » : la date « 3/9/2007 » n'est pas au format jj/mm/aaaa.",
        "Ligne 4, « Date de naissance (jj/mm/aaaa)* » : la date « 03/09/2030 » est dans le futur.",
        "Ligne 5, « Code sexe* » : le code « X » doit être M ou F.",
        "Ligne 6, « Code commune naissance** » : ce champ est obligatoire pour un élève né en France (code pays 100).",
        "Ligne 7, « Libellé commune naissance** » : ce champ est obligatoire pour un élève né à l'étranger.",
        "Ligne 8, « Identifiant unique* » : l'INE « 123 » n'est pas valide : il compte 11 caractères, chiffres et lettres.",
    ]


def test_it_names_both_lines_of_a_duplicated_ine() -> None:
    data = roster_csv(
        [roster_csv_row(1), roster_csv_row(2), roster_csv_row(3, **{"Identifiant unique*": "0000000001c"})]
    )
    assert _errors(data) == ["Ligne 4, « Identifiant unique* » : l'INE « 0000000001C » figure déjà ligne 2."]


def test_it_refuses_altered_headers() -> None:
    headers = [h for h in ROSTER_CSV_HEADERS if h != "Division*"] + ["Classe"]
    assert _errors(roster_csv([roster_csv_row(1)], headers=headers)) == [
        "Les en-têtes du fichier ne correspondent pas au modèle attendu (colonne(s) manquante(s) : « Division* » ; "
        "colonne(s) inconnue(s) : « Classe »). Reprenez le modèle de la documentation sans en modifier la première "
        "ligne."
    ]


def test_it_refuses_a_comma_separated_file() -> None:
    data = (",".join(ROSTER_CSV_HEADERS) + "\n").encode()
    assert _errors(data) == ["Les colonnes du fichier CSV doivent être séparées par des points-virgules (;)."]


def test_it_refuses_a_file_saved_in_windows_1252() -> None:
    data = roster_csv(
        [roster_csv_row(1), roster_csv_row(2, **{"Premier prénom*": "Zoé"})], bom=False, encoding="cp1252"
    )
    assert _errors(data) == [
        "Ligne 1 : le fichier CSV n'est pas encodé en UTF-8. Enregistrez-le au format « CSV UTF-8 (délimité par "
        "des points-virgules) » depuis votre tableur."
    ]


def test_it_refuses_a_line_with_extra_cells() -> None:
    data = roster_csv([roster_csv_row(1)]) + b"0000000002C;a;b;c;d;e;f;g;h;i;j;k;l;m;n;o;p\r\n"
    assert _errors(data) == ["Ligne 3 : 17 colonnes au lieu de 15."]


def test_it_refuses_a_file_with_headers_only() -> None:
    assert _errors(roster_csv([])) == ["Le fichier ne contient aucun élève."]


@pytest.mark.parametrize(
    ("department", "country"), [("69", "99100"), ("069", "100"), ("069", "99100")], ids=["insee", "siecle", "mixed"]
)
def test_it_stores_the_birth_codes_in_their_insee_spelling_whatever_the_file_wrote(department: str, country: str) -> None:
    data = roster_csv([roster_csv_row(1, **{"Code département naissance*": department, "Code pays naissance*": country})])
    (row,) = _parse(data)
    assert (row.birth_department_code, row.birth_country_code) == ("69", "99100")


def test_it_knows_a_pupil_born_in_france_by_either_spelling_of_france() -> None:
    data = roster_csv([roster_csv_row(1, **{"Code pays naissance*": "100", "Code commune naissance**": ""})])
    assert _errors(data) == [
        "Ligne 2, « Code commune naissance** » : ce champ est obligatoire pour un élève né en France (code pays 100)."
    ]

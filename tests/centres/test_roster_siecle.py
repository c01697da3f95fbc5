"""Reading the SIECLE export: encodings, zip, exit dates, divisions, and every refusal."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from centres.imports import RosterImportError, StudentRow, parse_roster
from tests.centres.factories import SCHOOL_UAI, siecle_student, siecle_xml

TODAY = dt.date(2021, 1, 15)


def _parse(data: bytes, name: str = "ElevesSansAdresses.xml") -> list[StudentRow]:
    _kind, rows = parse_roster(SimpleUploadedFile(name, data), uai=SCHOOL_UAI, today=TODAY)
    return rows


def _errors(data: bytes, name: str = "ElevesSansAdresses.xml") -> list[str]:
    with pytest.raises(RosterImportError) as caught:
        _parse(data, name)
    return caught.value.errors


def _zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_it_reads_an_iso_8859_15_export_with_accents() -> None:
    data = siecle_xml(
        [
            siecle_student(1, PRENOM="Éloïse", NOM_DE_FAMILLE="MÜLLER", PRENOM2="Zoé", NOM_USAGE="D'ALEMBERT"),
            siecle_student(2, CODE_SEXE="1", DIVISION="1G3"),
        ]
    )
    assert "Éloïse".encode("iso-8859-15") in data
    first, second = _parse(data)
    assert (first.first_name, first.last_name, first.second_name, first.usage_name) == (
        "Éloïse",
        "MÜLLER",
        "Zoé",
        "D'ALEMBERT",
    )
    assert first.ine == "0000000001K"
    assert first.birthdate == dt.date(2008, 5, 17)
    assert (first.sex, second.sex) == ("F", "M")
    assert (first.division, second.division) == ("2NDE4", "1G3")
    assert (first.birth_insee_code, first.birth_city, first.birth_country_code) == ("75056", "PARIS", "99100")
    assert (first.birth_department_code, first.mef_code, first.status_code) == ("75", "20010018110", "ST")


def test_it_reads_a_utf8_export() -> None:
    (row,) = _parse(siecle_xml([siecle_student(1, PRENOM="Œdipe")], encoding="UTF-8"))
    assert row.first_name == "Œdipe"


def test_it_reads_a_zipped_export() -> None:
    data = _zip({"ElevesSansAdresses.xml": siecle_xml([siecle_student(n) for n in range(30)])})
    rows = _parse(data, name="ElevesSansAdresses.zip")
    assert len(rows) == 30


def test_it_recognises_the_format_by_content_not_by_extension() -> None:
    assert len(_parse(siecle_xml([siecle_student(1)]), name="export.txt")) == 1


def test_it_leaves_out_students_whose_exit_date_is_past() -> None:
    rows = _parse(
        siecle_xml(
            [
                siecle_student(1, DATE_SORTIE="14/01/2021"),
                siecle_student(2, DATE_SORTIE="30/06/2021"),
                siecle_student(3, DATE_SORTIE="10/10/2020", DATE_NAISS="n'importe quoi"),
            ]
        )
    )
    assert [r.ine for r in rows] == ["0000000002K"]


def test_it_keeps_a_student_without_division_with_an_empty_one() -> None:
    (row,) = _parse(siecle_xml([siecle_student(1, DIVISION="")]))
    assert row.division == ""


def test_it_refuses_another_schools_file() -> None:
    assert _errors(siecle_xml([siecle_student(1)], uai="0999999Z")) == [
        "Aucun élève n'a été importé. L'import n'est pas possible car l'UAI du fichier SIECLE ne correspond pas "
        "à celui de votre établissement."
    ]


def test_it_refuses_a_file_without_uai() -> None:
    assert _errors(siecle_xml([siecle_student(1)], uai="")) == [
        "Le fichier SIECLE ne contient pas l'UAI de l'établissement (PARAMETRES/UAJ)."
    ]


def test_it_refuses_another_xml_document() -> None:
    assert _errors(b'<?xml version="1.0"?><facture><total>12</total></facture>') == [
        "Ce fichier XML n'est pas l'export SIECLE des élèves : l'élément racine doit être BEE_ELEVES."
    ]


def test_it_refuses_a_malformed_file() -> None:
    data = siecle_xml([siecle_student(1)]).replace(b"</ELEVES>", b"</ELEVE>")
    (error,) = _errors(data)
    assert error.startswith("Le fichier XML est mal formé (ligne 6, colonne 3)")


DOCTYPE_MESSAGE = (
    "Le fichier XML contient une déclaration DOCTYPE ou ENTITY, refusée par sécurité : "
    "importez l'export SIECLE tel qu'il a été téléchargé."
)


def test_it_refuses_an_entity_bomb_without_expanding_it() -> None:
    entities = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9)
    )
    data = siecle_xml([siecle_student(1, NOM_DE_FAMILLE="&j;")], prolog=f"<!DOCTYPE BEE_ELEVES [{entities}]>\n")
    assert _errors(data) == [DOCTYPE_MESSAGE]


def test_it_refuses_an_external_entity() -> None:
    prolog = '<!DOCTYPE BEE_ELEVES [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
    assert _errors(siecle_xml([siecle_student(1, NOM_DE_FAMILLE="&secret;")], prolog=prolog)) == [DOCTYPE_MESSAGE]


def test_it_names_the_student_and_field_of_every_error_at_once() -> None:
    data = siecle_xml(
        [
            siecle_student(1, DATE_NAISS="31/02/2009", NOM_DE_FAMILLE="DUPONT", PRENOM="Léa"),
            siecle_student(2, CODE_SEXE="3"),
            siecle_student(3, ID_NATIONAL=""),
            siecle_student(4, ID_NATIONAL="12AB"),
            siecle_student(5, DATE_NAISS="2008-05-17"),
        ]
    )
    assert _errors(data) == [
        "Élève n° 1001 (DUPONT Léa), « DATE_NAISS » : la date « 31/02/2009 » n'existe pas.",
        "Élève n° 1002 (NOM2 Prénom2), « CODE_SEXE » : le code « 3 » doit être 1 (masculin) ou 2 (féminin).",
        "Élève n° 1003 (NOM3 Prénom3), « ID_NATIONAL » : ce champ est obligatoire.",
        "Élève n° 1004 (NOM4 Prénom4), « ID_NATIONAL » : l'INE « 12AB » n'est pas valide : il compte 11 "
        "caractères, chiffres et lettres.",
        "Élève n° 1005 (NOM5 Prénom5), « DATE_NAISS » : la date « 2008-05-17 » n'est pas au format jj/mm/aaaa.",
    ]


def test_it_names_both_students_sharing_an_ine() -> None:
    data = siecle_xml([siecle_student(1), siecle_student(2, ID_NATIONAL="0000000001K")])
    assert _errors(data) == [
        "Élève n° 1002 (NOM2 Prénom2), « ID_NATIONAL » : l'INE « 0000000001K » figure deux fois dans le fichier, "
        "aussi pour Élève n° 1001 (NOM1 Prénom1)."
    ]


def test_it_refuses_a_file_where_everyone_has_left() -> None:
    assert _errors(siecle_xml([siecle_student(1, DATE_SORTIE="01/09/2020")])) == ["Le fichier ne contient aucun élève."]


def test_it_refuses_a_zip_bomb() -> None:
    # 60 MB of zeros inflate from about 60 kB: refused from the archive's directory, never inflated.
    bomb = _zip({"ElevesSansAdresses.xml": b"<" + b"\0" * (60 * 1024 * 1024)})
    assert len(bomb) < 200_000
    assert _errors(bomb, name="eleves.zip") == [
        "L'archive ZIP est refusée : une fois décompressée, elle dépasse 50 Mo."
    ]


def test_it_refuses_an_abnormally_compressed_zip() -> None:
    data = _zip({"ElevesSansAdresses.xml": siecle_xml([siecle_student(1)]) + b" " * 5_000_000})
    assert _errors(data) == ["L'archive ZIP est refusée : elle est anormalement compressée (plus de 100 fois)."]


def test_it_refuses_a_zip_whose_directory_lies_about_sizes() -> None:
    data = _zip({"ElevesSansAdresses.xml": siecle_xml([siecle_student(n) for n in range(30)])})
    true_size = zipfile.ZipFile(io.BytesIO(data)).infolist()[0].file_size
    # Claim a tiny size in both headers: inflating stops there and the checksum gives the lie away.
    patched = data.replace(true_size.to_bytes(4, "little"), (100).to_bytes(4, "little"))
    assert _errors(patched) == ["L'archive ZIP est illisible ou endommagée."]


def test_it_refuses_a_zip_with_too_many_files() -> None:
    data = _zip({f"f{n}.txt": b"x" for n in range(11)})
    assert _errors(data) == ["L'archive ZIP contient trop de fichiers (10 au plus)."]


@pytest.mark.parametrize(
    "members",
    [{"a.xml": b"<a/>", "b.xml": b"<b/>"}, {"lisez-moi.txt": b"bonjour"}],
    ids=["two xml files", "no xml file"],
)
def test_it_wants_exactly_one_xml_file_in_the_zip(members: dict[str, bytes]) -> None:
    assert _errors(_zip(members)) == [
        "L'archive ZIP doit contenir un seul fichier XML : l'export SIECLE ElevesSansAdresses.xml."
    ]


def test_it_refuses_a_damaged_zip() -> None:
    data = _zip({"ElevesSansAdresses.xml": siecle_xml([siecle_student(1)])})
    assert _errors(data[:60]) == ["L'archive ZIP est illisible ou endommagée."]

"""Files refused before any row is read: wrong type, altered template, empty, too big, zip bomb."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pyexcel_ods3 import save_data

from candidates.imports.ods import CandidateListError, max_upload_bytes, parse_candidate_list
from centres.models import CentreType
from tests.candidates.ods_files import HEADERS, candidate_row, ods_bytes, ods_upload, upload, zip_bytes

NOT_ODS = (
    "Ce fichier n'est pas un tableur au format ODS (OpenDocument) : téléchargez le modèle, complétez-le puis "
    "enregistrez-le au format .ods."
)
ALTERED = "Le modèle a été altéré, merci de le télécharger à nouveau"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200
EXE = b"MZ\x90\x00\x03" + b"\x00" * 200


def _errors(file: SimpleUploadedFile, centre_type: str = CentreType.SUP, *, has_roster: bool = False) -> list[str]:
    with pytest.raises(CandidateListError) as error:
        parse_candidate_list(file, centre_type=centre_type, has_roster=has_roster)
    return error.value.errors


def _missing(header: str) -> str:
    return (
        f"La colonne « {header} » est absente ou a été renommée : le modèle a été altéré, merci de le "
        "télécharger à nouveau."
    )


def test_it_reads_the_rows_with_their_spreadsheet_line_numbers() -> None:
    rows = parse_candidate_list(ods_upload([[], candidate_row(), [], [], candidate_row()]), centre_type=CentreType.PRO)
    assert [row.line for row in rows] == [7, 10]
    assert rows[0].data.last_name == "Dupont"


@pytest.mark.parametrize(
    "content",
    [
        PNG,
        EXE,
        b"Nom;Prenom\nDupont;Lea\n",
        zip_bytes({"word/document.xml": b"<w/>", "[Content_Types].xml": b"<x/>"}),  # .docx/.xlsx: a zip, no ODF mimetype
        zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}),  # .odt
    ],
    ids=["png", "exe", "csv", "office-open-xml", "odt"],
)
def test_it_refuses_a_file_that_is_not_an_ods_whatever_its_name(content: bytes) -> None:
    assert _errors(upload(content, "liste.ods")) == [NOT_ODS]


def test_it_refuses_a_damaged_ods() -> None:
    content = ods_bytes([candidate_row()])
    assert _errors(upload(content[: len(content) // 2])) == [
        "Le fichier ODS est illisible ou endommagé : enregistrez-le à nouveau au format .ods."
    ]


def test_it_refuses_an_empty_file() -> None:
    assert _errors(upload(b"")) == ["Le fichier est vide."]


def test_it_refuses_a_template_without_candidates() -> None:
    assert _errors(ods_upload([[], []])) == [
        "Le fichier ne contient aucun candidat : remplissez une ligne par candidat sous les en-têtes."
    ]


def test_it_refuses_a_file_over_the_size_limit(settings: object) -> None:
    settings.PIXCERTIF_CANDIDATES_ODS_MAX_UPLOAD_BYTES = 1024  # type: ignore[attr-defined]
    content = ods_bytes([candidate_row(**{"Identifiant local": f"E-{i}"}) for i in range(200)])
    assert len(content) > 1024
    assert _errors(upload(content)) == ["Le fichier dépasse la taille maximale de 0.000976562 Mo."]


def test_it_has_a_ten_megabyte_limit_by_default() -> None:
    assert max_upload_bytes() == 10 * 1024 * 1024


def test_it_refuses_a_zip_bomb() -> None:
    bomb = b"<?xml version='1.0'?><office:document-content/>" + b" " * (5 * 1024 * 1024)
    content = zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": bomb})
    assert len(content) < 50 * 1024
    assert _errors(upload(content)) == [
        "L'archive ZIP est refusée : elle est anormalement compressée (plus de 100 fois)."
    ]


def test_it_refuses_an_archive_whose_content_would_unzip_too_big(settings: object) -> None:
    settings.PIXCERTIF_CANDIDATES_ODS_MAX_UNZIPPED_BYTES = 2048  # type: ignore[attr-defined]
    content = ods_bytes([candidate_row()])
    assert _errors(upload(content)) == ["L'archive ZIP est refusée : une fois décompressée, elle dépasse 0.00195312 Mo."]


def test_it_never_expands_a_row_repeated_a_million_times() -> None:
    header = "".join(f'<table:table-cell office:value-type="string"><text:p>{h}</text:p></table:table-cell>' for h in HEADERS)
    content_xml = (
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>'
        f'<table:table><table:table-row>{header}</table:table-row>'
        '<table:table-row table:number-rows-repeated="1000000">'
        '<table:table-cell office:value-type="string" table:number-columns-repeated="16384"><text:p>x</text:p></table:table-cell>'
        "</table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"
    ).encode()
    content = zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": content_xml})
    assert _errors(upload(content)) == ["Le fichier contient trop de lignes remplies (2050 au plus)."]


def test_it_ignores_entities_declared_in_the_file() -> None:
    content_xml = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
        b'<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        b'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table>'
        b'<table:table-row><table:table-cell><text:p>&secret;</text:p></table:table-cell></table:table-row>'
        b"</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    content = zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": content_xml})
    assert _errors(upload(content)) == [ALTERED]  # and no file was read into a cell


@pytest.mark.parametrize(
    "headers",
    [
        [*HEADERS, "Commentaire"],  # an added column
        [HEADERS[1], HEADERS[0], *HEADERS[2:]],  # columns swapped
        ["", *HEADERS],  # shifted right
    ],
    ids=["added", "swapped", "shifted"],
)
def test_it_refuses_an_altered_template(headers: list[str]) -> None:
    assert _errors(ods_upload([candidate_row()], headers=headers)) == [ALTERED]


@pytest.mark.parametrize(
    ("headers", "missing"),
    [
        ([*HEADERS[:3], "Tiers temps", *HEADERS[4:]], ["Temps majoré ?"]),
        ([*HEADERS[:4], "Date de naissance", *HEADERS[5:]], ["* Date de naissance (format : jj/mm/aaaa)"]),
        ([h for h in HEADERS if h != "Code Insee"], ["Code Insee"]),
        (HEADERS[:12], ["Tarification part Pix", "Code de prépaiement"]),  # the schools' template for SUP/PRO
        (["Nom de naissance", *HEADERS[1:]], ["* Nom de naissance"]),  # even the first one
    ],
    ids=["renamed", "birthdate-renamed", "removed", "billing", "first"],
)
def test_it_names_a_missing_or_renamed_column(headers: list[str], missing: list[str]) -> None:
    assert _errors(ods_upload([candidate_row()], headers=headers)) == [_missing(h) for h in missing]


def test_it_tolerates_spacing_and_three_dots_in_headers() -> None:
    headers = [h.replace("…", "...").replace(" ", "  ") for h in HEADERS]
    assert len(parse_candidate_list(ods_upload([candidate_row()], headers=headers), centre_type=CentreType.SUP)) == 1


def test_it_refuses_the_file_for_a_school_with_a_roster() -> None:
    assert _errors(ods_upload([candidate_row()]), CentreType.SCO, has_roster=True) == [
        "Un établissement scolaire qui gère ses élèves n'importe pas de liste de candidats : il inscrit ses élèves "
        "depuis la liste des élèves."
    ]


def test_it_reads_the_twelve_columns_of_the_schools_template_for_a_school_without_a_roster() -> None:
    rows = parse_candidate_list(
        ods_upload([candidate_row()[:12]], headers=HEADERS[:12]), centre_type=CentreType.SCO, has_roster=False
    )
    assert [(row.data.last_name, row.data.billing_mode, row.errors) for row in rows] == [("Dupont", "", [])]


def test_it_refuses_the_billing_columns_from_a_school() -> None:
    assert _errors(ods_upload([candidate_row()]), CentreType.SCO) == [ALTERED]


def test_it_reads_only_the_first_sheet() -> None:
    buffer = BytesIO()
    save_data(buffer, {"Liste": [HEADERS, candidate_row()], "Brouillon": [HEADERS, candidate_row(), candidate_row()]})
    assert len(parse_candidate_list(upload(buffer.getvalue()), centre_type=CentreType.SUP)) == 1

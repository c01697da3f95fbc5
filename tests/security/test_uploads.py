"""Hostile uploads posted to the real pages: a clean French error, nothing saved, nothing resolved.

The imports: the student roster (SIECLE XML, zipped or not, or CSV), the candidate list (ODS), the
profile collection (CSV). The parsers' own tests go further on each file format
(tests/centres/test_roster_siecle.py, tests/candidates/test_ods_file.py,
tests/referential/test_profile_collection_import.py, tests/finalisation/test_finalise_upload.py for the
scanned attendance sheet). Here every attack goes through the view, as a browser would send it.
"""

from __future__ import annotations

import html
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from centres.models import CentreEvent, CertificationCentre, Role, Student
from referential.models import PlacementProfile
from sessions_app.models import Session, SessionEvent
from tests.accounts.factories import UserFactory
from tests.candidates.factories import BirthplaceCommuneFactory
from tests.candidates.ods_files import candidate_row, ods_bytes
from tests.centres.factories import SCHOOL_UAI, MembershipFactory, ScoCentreFactory, siecle_student, siecle_xml
from tests.referential.factories import profile_csv, profile_csv_row
from tests.sessions_app.factories import SessionFactory

ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 400
PE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 50 + b"PE\x00\x00" + b"\x00" * 400
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
PASSWD_MARKERS = ("root:", "/bin/bash", "/usr/sbin/nologin", "daemon:")
DOCTYPE_REFUSED = (
    "Le fichier XML contient une déclaration DOCTYPE ou ENTITY, refusée par sécurité : "
    "importez l'export SIECLE tel qu'il a été téléchargé."
)
XXE = '<!DOCTYPE BEE_ELEVES [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
EXTERNAL_DTD = '<!DOCTYPE BEE_ELEVES SYSTEM "http://127.0.0.1:9/pirate.dtd">\n'
LAUGHS = (
    "<!DOCTYPE BEE_ELEVES ["
    '<!ENTITY lol0 "lol">' + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)) + "]>\n"
)


def _zip(entries: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def _page(response: object) -> str:
    return html.unescape(response.content.decode())  # type: ignore[attr-defined]


def _assert_nothing_leaked(page: str) -> None:
    for marker in PASSWD_MARKERS:
        assert marker not in page
    assert "Traceback" not in page


ZIP_BOMB = _zip({"ElevesSansAdresses.xml": b"<" + b"\0" * (60 * 1024 * 1024)})
TEN_THOUSAND = _zip({f"f{n}.xml": b"<a/>" for n in range(10_000)}, compression=zipfile.ZIP_STORED)


# --- Student roster (SIECLE / CSV) --------------------------------------------------------------


@pytest.fixture
def school_client(client: Client, db: None) -> Client:
    school = ScoCentreFactory(uai=SCHOOL_UAI, name="Lycée Victor Hugo")
    client.force_login(MembershipFactory(centre=school, role=Role.ADMIN, user=UserFactory(email="prof@lycee.fr")).user)
    return client


ROSTER_ATTACKS = {
    "xxe": (
        "ElevesSansAdresses.xml",
        siecle_xml([siecle_student(1, NOM_DE_FAMILLE="&secret;")], prolog=XXE),
        DOCTYPE_REFUSED,
    ),
    "xxe zipped": (
        "eleves.zip",
        _zip({"ElevesSansAdresses.xml": siecle_xml([siecle_student(1, NOM_DE_FAMILLE="&secret;")], prolog=XXE)}),
        DOCTYPE_REFUSED,
    ),
    "external dtd": ("ElevesSansAdresses.xml", siecle_xml([siecle_student(1)], prolog=EXTERNAL_DTD), DOCTYPE_REFUSED),
    "billion laughs": (
        "ElevesSansAdresses.xml",
        siecle_xml([siecle_student(1, NOM_DE_FAMILLE="&lol9;")], prolog=LAUGHS),
        DOCTYPE_REFUSED,
    ),
    "zip bomb": ("eleves.zip", ZIP_BOMB, "L'archive ZIP est refusée : une fois décompressée, elle dépasse 50 Mo."),
    "10 000 entries": ("eleves.zip", TEN_THOUSAND, "L'archive ZIP contient trop de fichiers (10 au plus)."),
    "elf executable": (
        "ElevesSansAdresses.xml",
        ELF,
        "Ce fichier n'est ni l'export SIECLE (ElevesSansAdresses.xml, éventuellement zippé) ni un fichier CSV",
    ),
    "pe executable": (
        "eleves.csv",
        PE,
        "Ce fichier n'est ni l'export SIECLE (ElevesSansAdresses.xml, éventuellement zippé) ni un fichier CSV",
    ),
}


@pytest.mark.parametrize("attack", ROSTER_ATTACKS, ids=str)
def test_the_roster_import_refuses(attack: str, school_client: Client) -> None:
    name, data, message = ROSTER_ATTACKS[attack]
    response = school_client.post(reverse("centres:roster_import"), {"fichier": SimpleUploadedFile(name, data)})
    assert response.status_code == 200
    page = _page(response)
    assert message in page
    _assert_nothing_leaked(page)
    assert not Student.objects.exists()
    assert not CentreEvent.objects.filter(kind__startswith="roster").exists()


def test_the_roster_import_refuses_an_oversize_file(school_client: Client, settings: object) -> None:
    settings.PIXCERTIF_ROSTER_MAX_UPLOAD_BYTES = 2048  # type: ignore[attr-defined]
    data = siecle_xml([siecle_student(n) for n in range(1, 40)])
    assert len(data) > 2048
    response = school_client.post(reverse("centres:roster_import"), {"fichier": SimpleUploadedFile("e.xml", data)})
    assert "Le fichier dépasse la taille maximale de" in _page(response)
    assert not Student.objects.exists()


# --- Candidate list (ODS) -----------------------------------------------------------------------


@pytest.fixture
def session(centre: CertificationCentre) -> Session:
    BirthplaceCommuneFactory()
    return SessionFactory(centre=centre)


def _content_xml(body: str, prolog: str = "") -> bytes:
    return (
        f'<?xml version="1.0"?>{prolog}'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table>'
        f"<table:table-row><table:table-cell><text:p>{body}</text:p></table:table-cell></table:table-row>"
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    ).encode()


NOT_ODS = "Ce fichier n'est pas un tableur au format ODS (OpenDocument)"
ODS_ATTACKS = {
    "xxe": (
        _zip(
            {
                "mimetype": ODS_MIMETYPE,
                "content.xml": _content_xml("&secret;", '<!DOCTYPE d [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'),
            }
        ),
        "Le modèle a été altéré, merci de le télécharger à nouveau",
    ),
    "billion laughs": (
        _zip({"mimetype": ODS_MIMETYPE, "content.xml": _content_xml("&lol9;", LAUGHS.replace("BEE_ELEVES", "d"))}),
        # lxml stops the expansion itself (entity amplification): the file is unreadable, never expanded.
        "Le fichier ODS est illisible ou endommagé",
    ),
    "zip bomb": (
        _zip({"mimetype": ODS_MIMETYPE, "content.xml": _content_xml("x") + b" " * (60 * 1024 * 1024)}),
        "L'archive ZIP est refusée",
    ),
    "10 000 entries": (
        _zip({"mimetype": ODS_MIMETYPE, **{f"f{n}.xml": b"<a/>" for n in range(10_000)}}, zipfile.ZIP_STORED),
        "L'archive ZIP contient trop de fichiers (200 au plus).",
    ),
    "elf executable named .ods": (ELF, NOT_ODS),
    "pe executable named .ods": (PE, NOT_ODS),
    "a zip that is not a spreadsheet": (_zip({"word/document.xml": b"<a/>"}), NOT_ODS),
}


@pytest.mark.parametrize("attack", ODS_ATTACKS, ids=str)
def test_the_candidate_list_import_refuses(attack: str, session: Session, admin_client: Client) -> None:
    data, message = ODS_ATTACKS[attack]
    url = reverse("candidates:candidates_import_ods", kwargs={"session_pk": session.pk})
    response = admin_client.post(url, {"fichier": SimpleUploadedFile("liste.ods", data)})
    assert response.status_code == 200
    page = _page(response)
    assert message in page
    _assert_nothing_leaked(page)
    assert not session.candidates.exists()
    assert not SessionEvent.objects.filter(session=session, kind__startswith="candidates").exists()


def test_the_candidate_list_import_refuses_an_oversize_file(
    session: Session, admin_client: Client, settings: object
) -> None:
    data = ods_bytes([candidate_row()])
    settings.PIXCERTIF_CANDIDATES_ODS_MAX_UPLOAD_BYTES = len(data) - 1  # type: ignore[attr-defined]
    url = reverse("candidates:candidates_import_ods", kwargs={"session_pk": session.pk})
    response = admin_client.post(url, {"fichier": SimpleUploadedFile("liste.ods", data)})
    assert "Le fichier dépasse la taille maximale de" in _page(response)
    assert not session.candidates.exists()


# --- Profile collection (CSV) -------------------------------------------------------------------

WRONG_CSV = "Ce fichier n'est pas un fichier CSV séparé par des points-virgules"


@pytest.mark.parametrize(
    "data",
    [ELF, PE, ZIP_BOMB, b"<?xml version='1.0'?>" + XXE.encode() + b"<a>&secret;</a>"],
    ids=["elf", "pe", "zip bomb", "xxe"],
)
def test_the_profile_collection_import_refuses(data: bytes, school_client: Client) -> None:
    response = school_client.post(
        reverse("referential:profile_collection_import"), {"fichier": SimpleUploadedFile("collecte.csv", data)}
    )
    page = _page(response)
    assert WRONG_CSV in page
    _assert_nothing_leaked(page)
    assert not PlacementProfile.objects.exists()


def test_the_profile_collection_import_refuses_an_oversize_file(school_client: Client, settings: object) -> None:
    data = profile_csv([profile_csv_row("DUPONT", "Léa", ine=f"{n:010d}A") for n in range(40)])
    settings.PIXCERTIF_ROSTER_MAX_UPLOAD_BYTES = len(data) - 1  # type: ignore[attr-defined]
    response = school_client.post(
        reverse("referential:profile_collection_import"), {"fichier": SimpleUploadedFile("collecte.csv", data)}
    )
    assert "Le fichier dépasse la taille maximale de" in _page(response)
    assert not PlacementProfile.objects.exists()


# --- Any request: a body too large for any form -------------------------------------------------

TOO_LARGE = "La requête est trop volumineuse (12 Mo au plus)."


def test_an_oversize_body_is_refused_unread_before_the_csrf_check(client: Client, db: None) -> None:
    # Anonymous, with a CSRF cookie: the CSRF check would otherwise parse (and spool to disk) the upload.
    client.get("/connexion/")
    response = client.post(
        "/connexion/", {"username": "x", "fichier": SimpleUploadedFile("gros.bin", b"\0" * (13 * 1024 * 1024))}
    )
    assert response.status_code == 413
    assert TOO_LARGE in response.content.decode()


def test_a_lying_content_length_is_refused_without_reading_the_body(school_client: Client) -> None:
    response = school_client.generic(
        "POST", reverse("centres:roster_import"), b"x=1", content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(10 * 1024**3),
    )  # fmt: skip
    assert response.status_code == 413
    assert not Student.objects.exists()


def test_an_upload_at_the_import_limit_still_gets_the_import_message(school_client: Client) -> None:
    data = b"<" + b"\0" * (10 * 1024 * 1024 + 10)  # just over 10 MB: the import's own check answers
    response = school_client.post(reverse("centres:roster_import"), {"fichier": SimpleUploadedFile("e.xml", data)})
    assert response.status_code == 200
    assert "Le fichier dépasse la taille maximale de 10 Mo." in _page(response)

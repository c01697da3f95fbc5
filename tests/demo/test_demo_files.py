"""The demo files of `demo_files` (and `seed_demo`) import cleanly through the real services.

What a new user tries by hand from var/demo/ (README « Fichiers de démonstration »): the SIECLE
export of the demo lycée, its profile collection, the ODS candidate list of the SUP demo centre.
"""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from candidates.management.commands.load_birthplaces import read_communes, read_countries
from candidates.models import BillingMode, BirthCountry, BirthplaceCommune, Candidate
from candidates.services_ods import candidates_replace_from_ods
from centres.models import CentreType, CertificationCentre, Student
from centres.selectors import roster_divisions
from centres.services import roster_import
from demo import files as demo_files
from pixcertif.lib.text import normalize_name
from referential.selectors import certifiability_by_student
from referential.services import profile_collection_import
from sessions_app.models import Session
from tests.centres.factories import CentreFactory, ScoCentreFactory
from tests.sessions_app.factories import SessionFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def lycee() -> CertificationCentre:
    return ScoCentreFactory(uai=demo_files.DEMO_UAI, name=demo_files.SCHOOL_NAME)


@pytest.fixture
def birthplaces() -> None:
    """The rows `load_birthplaces` writes for the demo candidates' birthplaces, read from the same packages."""
    places = [row[4].split(":", 1) for row in demo_files.SUP_CANDIDATES]
    insee_codes = {value for kind, value in places if kind == "insee"}
    postal_codes = {value.split("|")[0] for kind, value in places if kind == "postal"}
    BirthplaceCommune.objects.bulk_create(
        BirthplaceCommune(
            insee_code=c.insee_code, postal_code=c.postal_code, name=c.name, match_key=normalize_name(c.name)
        )
        for c in read_communes()
        if c.insee_code in insee_codes or c.postal_code in postal_codes
    )
    BirthCountry.objects.bulk_create(
        BirthCountry(insee_code=code, name=name, match_key=normalize_name(name)) for code, name in read_countries()
    )


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def _import_roster(lycee: CertificationCentre) -> list[demo_files.DemoStudent]:
    students = demo_files.demo_students(TODAY)
    result = roster_import(
        centre=lycee,
        by=None,
        uploaded_file=_upload("ElevesSansAdresses.xml", demo_files.siecle_xml(students, today=TODAY)),
    )
    assert result.created == len(students) - demo_files.LEFT_STUDENTS
    return students


def test_the_siecle_export_is_iso_8859_15_with_accents_and_imports_about_300_students(
    lycee: CertificationCentre,
) -> None:
    students = demo_files.demo_students(TODAY)
    data = demo_files.siecle_xml(students, today=TODAY)
    assert data.startswith(b'<?xml version="1.0" encoding="ISO-8859-15"?>')
    assert "é".encode("iso-8859-15") in data and "é".encode() not in data

    _import_roster(lycee)

    current = Student.objects.filter(centre=lycee, is_active=True)
    assert 290 <= current.count() <= 300
    divisions = set(current.values_list("division", flat=True))
    assert divisions == set(demo_files.DIVISIONS) and len(divisions) == 10
    assert {"2NDE1", "1ERE G1", "TSTMG1"} <= divisions
    assert roster_divisions(lycee) == sorted(demo_files.DIVISIONS)  # each once, for the filters
    assert current.filter(last_name__contains="È").exists() or current.filter(first_name__contains="é").exists()
    left = [s.ine for s in students if s.has_left]
    assert len(left) == 2 and not Student.objects.filter(ine__in=left).exists()
    assert all(s.left_on is not None and s.left_on <= TODAY for s in students if s.has_left)


def test_the_profile_collection_makes_about_two_thirds_certifiable_and_lists_the_unmatched(
    lycee: CertificationCentre,
) -> None:
    students = _import_roster(lycee)
    data = demo_files.profile_collection_csv(students, today=TODAY)
    assert data.startswith(b"\xef\xbb\xbf")
    # Written as Pix Orga writes it: every header quoted, « Oui » / « Non », « NA » after a row not sent.
    assert data.decode("utf-8-sig").splitlines()[0].split(";") == [f'"{h}"' for h in demo_files.profile_headers()]
    assert b'"Oui";' in data and b'"Non";"NA";"NA"' in data

    result = profile_collection_import(centre=lycee, by=None, uploaded_file=_upload("collecte-profils.csv", data))

    assert result.imported > 200 and result.skipped > 0
    # The two students who left (their INE) and two misspelt first names without INE.
    assert sorted(row.first_name for row in result.unmatched if not row.ine) == sorted(["Jonh", "Mahé"])
    assert len([row for row in result.unmatched if row.ine]) == demo_files.LEFT_STUDENTS
    ids = list(Student.objects.filter(centre=lycee).values_list("pk", flat=True))
    certifiability = certifiability_by_student(ids)
    certifiable = sum(certifiability.values())
    assert 0.6 <= certifiable / len(ids) <= 0.75, certifiable
    not_certifiable = len(certifiability) - certifiable
    assert not_certifiable >= 40, not_certifiable
    assert len(ids) - len(certifiability) > 10  # some without any profile: « Profil inconnu »


@pytest.mark.usefixtures("birthplaces")
def test_the_ods_candidate_list_imports_into_a_sup_session() -> None:
    session = SessionFactory(centre=CentreFactory(name=demo_files.SUP_CENTRE_NAME, type=CentreType.SUP))

    content = demo_files.candidate_list_ods(session, today=TODAY)
    created = candidates_replace_from_ods(session=session, by=None, uploaded_file=_upload("liste.ods", content))

    assert len(created) == 15
    candidates = Candidate.objects.filter(session=session)
    abroad = candidates.filter(birth_insee_code__startswith="99")
    assert abroad.count() == 6
    assert set(abroad.values_list("birth_country", flat=True)) >= {"MAROC", "PORTUGAL", "CANADA"}
    assert candidates.get(last_name="Lefèvre").birth_city == "Lyon"
    assert candidates.get(last_name="Roux").birth_postal_code == "13008"
    assert candidates.filter(extra_time_percentage=33).count() == 2
    assert set(candidates.filter(billing_mode=BillingMode.PREPAID).values_list("prepayment_code", flat=True)) == {
        "PREPA-LUMIERE-2021-07",
        "PREPA-LUMIERE-2021-08",
    }


def test_the_command_writes_the_same_three_files_each_time_and_names_them(settings: object, tmp_path: Path) -> None:
    settings.VAR_DIR = tmp_path  # type: ignore[attr-defined]
    out = StringIO()
    call_command("demo_files", stdout=out)
    names = ["ElevesSansAdresses.xml", "collecte-profils.csv", "liste-candidats-universite.ods"]
    for name in names:
        assert str(tmp_path / "demo" / name) in out.getvalue()
    first = {name: (tmp_path / "demo" / name).read_bytes() for name in names[:2]}

    call_command("demo_files", stdout=StringIO())

    assert {name: (tmp_path / "demo" / name).read_bytes() for name in names[:2]} == first


@pytest.mark.usefixtures("birthplaces")
def test_seed_demo_prints_the_files_and_the_ods_fits_the_session_it_names(settings: object, tmp_path: Path) -> None:
    settings.VAR_DIR = tmp_path  # type: ignore[attr-defined]
    out = StringIO()
    call_command("seed_demo", stdout=out)

    output = out.getvalue()
    assert "Fichiers de démonstration" in output
    session = demo_files.sup_demo_session(TODAY)
    assert session is not None and f"la session n° {session.pk}" in output
    ods = (tmp_path / "demo" / "liste-candidats-universite.ods").read_bytes()
    created = candidates_replace_from_ods(session=session, by=None, uploaded_file=_upload("liste.ods", ods))
    assert len(created) == 15
    lycee = CertificationCentre.objects.get(uai=demo_files.DEMO_UAI)
    siecle = (tmp_path / "demo" / "ElevesSansAdresses.xml").read_bytes()
    assert roster_import(centre=lycee, by=None, uploaded_file=_upload("ElevesSansAdresses.xml", siecle)).created > 290
    assert Session.objects.filter(centre=lycee).exists()

"""The roster import service: all or nothing, update by INE, leavers kept as inactive."""

from __future__ import annotations

import datetime as dt
import importlib
import io
import zipfile

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import User
from centres.imports import RosterImportError
from centres.models import CentreEvent, CertificationCentre, Student
from centres.services import CentreError, RosterImportResult, roster_import
from tests.accounts.factories import UserFactory
from tests.centres.factories import (
    SCHOOL_UAI,
    ScoCentreFactory,
    StudentFactory,
    roster_csv,
    roster_csv_row,
    siecle_student,
    siecle_xml,
)

NOW = dt.datetime(2021, 1, 15, 10, 0, tzinfo=dt.UTC)
LATER = NOW + dt.timedelta(days=30)


@pytest.fixture
def school(db: None) -> CertificationCentre:
    return ScoCentreFactory(uai=SCHOOL_UAI, name="Lycée Victor Hugo")


@pytest.fixture
def teacher(db: None) -> User:
    return UserFactory(email="prof@lycee.fr")


def _import(school: CertificationCentre, by: User, data: bytes, *, name: str = "eleves.xml", now: dt.datetime = NOW):
    return roster_import(centre=school, by=by, uploaded_file=SimpleUploadedFile(name, data), now=now)


def _snapshot(school: CertificationCentre) -> list[tuple]:
    return list(Student.objects.filter(centre=school).order_by("ine").values_list())


def test_it_creates_the_students_of_a_siecle_file(school: CertificationCentre, teacher: User) -> None:
    data = siecle_xml([siecle_student(1, PRENOM="Éloïse", NOM_DE_FAMILLE="MÜLLER"), siecle_student(2)])
    result = _import(school, teacher, data)
    assert result == RosterImportResult(created=2, updated=0, deactivated=0)
    student = school.students.get(ine="0000000001K")
    assert (student.first_name, student.last_name, student.division, student.is_active) == (
        "Éloïse",
        "MÜLLER",
        "2NDE4",
        True,
    )
    event = CentreEvent.objects.get(centre=school, kind="roster.imported")
    assert event.actor == teacher
    assert event.data == {
        "format": "siecle",
        "file": "eleves.xml",
        "created": 2,
        "updated": 0,
        "deactivated": 0,
    }


def test_it_imports_a_zipped_siecle_file(school: CertificationCentre, teacher: User) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("ElevesSansAdresses.xml", siecle_xml([siecle_student(n) for n in range(12)]))
    result = _import(school, teacher, buffer.getvalue(), name="ElevesSansAdresses.zip")
    assert result.created == 12


def test_it_imports_a_csv_with_bom(school: CertificationCentre, teacher: User) -> None:
    data = roster_csv([roster_csv_row(1, **{"Premier prénom*": "Zoé"})], bom=True)
    assert _import(school, teacher, data, name="eleves.csv").created == 1
    assert school.students.get().first_name == "Zoé"


def test_it_updates_by_ine_deactivates_leavers_and_welcomes_back_returning_ones(
    school: CertificationCentre, teacher: User
) -> None:
    _import(school, teacher, siecle_xml([siecle_student(1), siecle_student(2), siecle_student(3)]))
    second = siecle_xml(
        [siecle_student(1, DIVISION="1G1"), siecle_student(3), siecle_student(4, DATE_SORTIE="10/01/2021")]
    )
    result = _import(school, teacher, second, now=LATER)
    assert result == RosterImportResult(created=0, updated=1, deactivated=1)
    moved, left, same = (school.students.get(ine=f"000000000{n}K") for n in (1, 2, 3))
    assert moved.division == "1G1"
    assert (left.is_active, left.left_at) == (False, LATER)
    assert same.is_active
    assert Student.objects.filter(centre=school).count() == 3, "never deleted, and the leaver in the file not created"

    back = _import(school, teacher, siecle_xml([siecle_student(1, DIVISION="1G1"), siecle_student(2)]), now=LATER)
    assert back == RosterImportResult(created=0, updated=1, deactivated=1)
    left.refresh_from_db()
    assert (left.is_active, left.left_at) == (True, None)


def test_a_leaver_already_inactive_is_not_counted_again(school: CertificationCentre, teacher: User) -> None:
    StudentFactory(centre=school, ine="0000000009K", is_active=False, left_at=NOW)
    assert _import(school, teacher, siecle_xml([siecle_student(1)])).deactivated == 0


def test_it_leaves_the_other_centres_students_alone(school: CertificationCentre, teacher: User) -> None:
    other = StudentFactory(ine="0000000001K")
    _import(school, teacher, siecle_xml([siecle_student(2)]))
    other.refresh_from_db()
    assert other.is_active
    assert school.students.count() == 1


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (siecle_xml([siecle_student(1, PRENOM="Changé")], uai="0999999Z"), "eleves.xml"),
        (siecle_xml([siecle_student(1, DATE_NAISS="31/02/2009"), siecle_student(5)]), "eleves.xml"),
        (roster_csv([roster_csv_row(5), roster_csv_row(6, **{"Code sexe*": "?"})]), "eleves.csv"),
        (b"", "eleves.csv"),
        (b"%PDF-1.7 binary\x00\x01", "eleves.csv"),
    ],
    ids=["wrong UAI", "bad date", "bad sex", "empty", "wrong type"],
)
def test_a_refused_import_changes_nothing(school: CertificationCentre, teacher: User, data: bytes, name: str) -> None:
    _import(school, teacher, siecle_xml([siecle_student(1), siecle_student(2)]))
    before = _snapshot(school)
    with pytest.raises(RosterImportError):
        _import(school, teacher, data, name=name, now=LATER)
    assert _snapshot(school) == before
    assert CentreEvent.objects.filter(centre=school, kind="roster.imported").count() == 1


def test_it_refuses_an_empty_file(school: CertificationCentre, teacher: User) -> None:
    with pytest.raises(RosterImportError) as caught:
        _import(school, teacher, b"")
    assert caught.value.errors == ["Le fichier est vide."]


def test_it_refuses_a_file_of_another_type(school: CertificationCentre, teacher: User) -> None:
    with pytest.raises(RosterImportError) as caught:
        _import(school, teacher, b"%PDF-1.7\n\x00\x01\x02", name="eleves.csv")
    assert caught.value.errors == [
        "Ce fichier n'est ni l'export SIECLE (ElevesSansAdresses.xml, éventuellement zippé) ni un fichier CSV séparé "
        "par des points-virgules."
    ]


def test_it_refuses_a_file_over_the_size_limit(school: CertificationCentre, teacher: User, settings: object) -> None:
    settings.PIXCERTIF_ROSTER_MAX_UPLOAD_BYTES = 1024 * 1024  # type: ignore[attr-defined]
    data = siecle_xml([siecle_student(n) for n in range(3000)])
    assert len(data) > 1024 * 1024
    with pytest.raises(RosterImportError) as caught:
        _import(school, teacher, data)
    assert caught.value.errors == ["Le fichier dépasse la taille maximale de 1 Mo."]


def test_the_default_size_limit_is_10_mb() -> None:
    from centres.imports.common import max_upload_bytes

    assert max_upload_bytes() == 10 * 1024 * 1024


def test_it_refuses_a_centre_that_is_not_a_school(centre: CertificationCentre, teacher: User) -> None:
    with pytest.raises(CentreError, match="Seuls les établissements scolaires importent une liste d'élèves"):
        _import(centre, teacher, siecle_xml([siecle_student(1)]))
    assert not Student.objects.exists()


def test_it_imports_thousands_of_students_in_batches_not_one_query_each(
    school: CertificationCentre, teacher: User, django_assert_max_num_queries: object
) -> None:
    data = siecle_xml([siecle_student(n) for n in range(2000)])
    with django_assert_max_num_queries(150):  # type: ignore[operator]
        assert _import(school, teacher, data).created == 2000
    changed = siecle_xml([siecle_student(n, DIVISION="TG1") for n in range(1500)])
    with django_assert_max_num_queries(150):  # type: ignore[operator]
        assert _import(school, teacher, changed, now=LATER) == RosterImportResult(
            created=0, updated=1500, deactivated=500
        )


def test_it_writes_class_moves_and_single_corrections_alike(school: CertificationCentre, teacher: User) -> None:
    _import(school, teacher, siecle_xml([siecle_student(n) for n in range(1, 9)]))
    untouched_at = school.students.get(ine="0000000008K").updated_at
    moved = [siecle_student(n, DIVISION="1G1") for n in range(1, 7)]
    fixed = [siecle_student(7, PRENOM="Anaïs", CODE_SEXE="1"), siecle_student(8)]
    assert _import(school, teacher, siecle_xml(moved + fixed), now=LATER).updated == 7
    rows = {s.ine: s for s in school.students.all()}
    assert {rows[f"000000000{n}K"].division for n in range(1, 7)} == {"1G1"}
    assert all(rows[f"000000000{n}K"].updated_at == LATER for n in range(1, 8))
    corrected = rows["0000000007K"]
    assert (corrected.first_name, corrected.sex, corrected.division) == ("Anaïs", "M", "2NDE4")
    assert rows["0000000008K"].updated_at == untouched_at, "an unchanged student is not rewritten"


def test_a_pupil_imported_from_siecle_then_from_the_csv_is_the_same_pupil(school: CertificationCentre, teacher: User) -> None:
    # SIECLE writes the country 100 and the department 075; the roster CSV 99100 and 75 (issue 14).
    xml = siecle_xml([siecle_student(1, ID_NATIONAL="0000000001C", NOM_DE_FAMILLE="NOM1", PRENOM="Prénom1",
                                     DATE_NAISS="03/09/2007", CODE_SEXE="1", CODE_DEPARTEMENT_NAISS="069",
                                     CODE_COMMUNE_INSEE_NAISS="69123", VILLE_NAISS="", CODE_MEF="21031011110",
                                     DIVISION="1G2")])  # fmt: skip
    roster_import(centre=school, by=teacher, uploaded_file=SimpleUploadedFile("eleves.xml", xml), now=NOW)
    student = Student.objects.get(centre=school)
    assert (student.birth_country_code, student.birth_department_code) == ("99100", "69")
    csv = roster_csv([roster_csv_row(1)])
    result = roster_import(centre=school, by=teacher, uploaded_file=SimpleUploadedFile("eleves.csv", csv), now=LATER)
    assert (result.created, result.updated) == (0, 0)  # nothing to change: the same codes
    student.refresh_from_db()
    assert (student.birth_country_code, student.birth_department_code, student.birth_insee_code) == (
        "99100",
        "69",
        "69123",
    )


def test_the_migration_rewrites_the_codes_stored_before_in_the_siecle_spelling(school: CertificationCentre) -> None:
    migration = importlib.import_module("centres.migrations.0004_canonical_birth_codes")
    old = StudentFactory(centre=school, birth_country_code="100", birth_department_code="075", birth_insee_code="75056")
    abroad = StudentFactory(centre=school, birth_country_code="351", birth_department_code="", birth_insee_code="")
    migration.canonical_birth_codes(apps, None)
    old.refresh_from_db()
    abroad.refresh_from_db()
    assert (old.birth_country_code, old.birth_department_code) == ("99100", "75")
    assert abroad.birth_country_code == "99351"

"""Formula injection end to end: names that came in through each import reach each export neutralised.

The imports: the SIECLE roster (XML), the roster CSV, the candidate list ODS, the profile collection CSV. The
exports: the candidate list ODS, the session results CSV, the division results CSV. The payloads are what each
import keeps as typed (its own normalisation, « " ".join(value.split()), removes ordinary leading blanks): the
four signs, their full-width forms (＝ ＋ － ＠), a zero-width space before the sign. Without the full-width and
zero-width cases of pixcertif/lib/spreadsheet.py these tests fail.
"""

from __future__ import annotations

import csv
import io

import ezodf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from candidates.models import Candidate
from candidates.services import candidates_enrol_students
from candidates.services_ods import candidates_replace_from_ods
from centres.models import CertificationCentre, Role, Student
from centres.services import roster_import
from certification.models import CertificationCourse, ResultStatus
from pixcertif.lib.codes import generate_verification_code
from pixcertif.lib.spreadsheet import is_formula_unsafe
from referential.models import PlacementProfile
from referential.services import profile_collection_import
from sessions_app.models import Session, SessionStatus
from tests.accounts.factories import UserFactory
from tests.candidates.factories import BirthCountryFactory, BirthplaceCommuneFactory
from tests.candidates.ods_files import candidate_row, ods_upload
from tests.centres.factories import (
    SCHOOL_UAI,
    MembershipFactory,
    ScoCentreFactory,
    roster_csv,
    roster_csv_row,
    siecle_student,
    siecle_xml,
)
from tests.referential.factories import profile_csv, profile_csv_row
from tests.results.publication_factories import NOW, TAKEN_AT, add_result
from tests.sessions_app.factories import SessionFactory

pytestmark = pytest.mark.django_db

# Nothing a `;`-separated file or an XML text would have to quote: each import reads them as typed.
PAYLOADS = [
    '=HYPERLINK("http://pirate.example")',
    "+33 6 12",
    "-2+3",
    "@SUM(A1)",
    "＝1+1",
    "＋1+1",
    "－1+1",
    "＠SUM(A1)",
    "\u200b=1+1",
]


@pytest.fixture(autouse=True)
def _birthplaces() -> None:
    BirthplaceCommuneFactory()  # Paris 75056, SIECLE's default
    BirthplaceCommuneFactory(insee_code="69123", postal_code="69001", name="Lyon")  # the roster CSV's
    BirthCountryFactory()


@pytest.fixture
def school() -> CertificationCentre:
    return ScoCentreFactory(uai=SCHOOL_UAI, name="Lycée de test")


def _member(centre: CertificationCentre) -> Client:
    client = Client()
    client.force_login(MembershipFactory(centre=centre, role=Role.ADMIN, user=UserFactory()).user)
    return client


def _assert_safe(cells: list[str], where: str) -> None:
    unsafe = [cell for cell in cells if is_formula_unsafe(cell) and not cell.lstrip("-").isdigit()]
    assert not unsafe, f"{where}: formula cells {unsafe!r}"


def _csv_cells(content: bytes) -> list[str]:
    text = content.decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text, newline=""), delimiter=";") for cell in row]


def _ods_cells(content: bytes) -> list[str]:
    sheet = ezodf.opendoc(io.BytesIO(content)).sheets[0]
    return [str(c.value) for r in range(sheet.nrows()) for c in sheet.row(r) if isinstance(c.value, str)]


def _certify_and_publish(session: Session) -> None:
    for candidate in Candidate.objects.filter(session=session):
        course = CertificationCourse.objects.create(
            candidate=candidate,
            session=session,
            user=UserFactory(),
            max_reachable_level=6,
            verification_code=generate_verification_code(),
            started_at=TAKEN_AT,
        )
        add_result(course, status=ResultStatus.VALIDATED, pix=16, levels={"1.1": 2, "3.4": -1})
    Session.objects.filter(pk=session.pk).update(status=SessionStatus.PROCESSED, finalised_at=TAKEN_AT, published_at=NOW)


def _exports(session: Session, client: Client, *, division: str | None) -> dict[str, list[str]]:
    """Every export of the session's people, as cells; called once the candidates are enrolled.

    A school (roster imports) has no candidate list ODS (it enrols from its roster), but a division CSV.
    """
    cells: dict[str, list[str]] = {}
    if division is None:
        ods = client.get(reverse("candidates:candidates_ods_template", kwargs={"session_pk": session.pk}))
        assert ods.status_code == 200
        cells["liste des candidats (ODS)"] = _ods_cells(ods.content)
    _certify_and_publish(session)
    results = client.get(reverse("results:session_results_csv", kwargs={"session_pk": session.pk}))
    assert results.status_code == 200
    cells["résultats de la session (CSV)"] = _csv_cells(results.content)
    if division is not None:
        division_csv = client.get("/centre/resultats/division.csv", {"division": division})
        assert division_csv.status_code == 200
        cells["résultats de la division (CSV)"] = _csv_cells(division_csv.content)
    return cells


def _check(cells: dict[str, list[str]]) -> None:
    for where, found in cells.items():
        _assert_safe(found, where)
        # The payloads did come through: neutralised, not dropped.
        assert any(c.startswith("'＝") for c in found), f"{where}: {found!r}"
        assert any(c.startswith("'\u200b=") for c in found), where


def _enrol_roster(school: CertificationCentre, uploaded: SimpleUploadedFile) -> tuple[Session, Client]:
    roster_import(centre=school, by=None, uploaded_file=uploaded, now=NOW)
    session = SessionFactory(centre=school, date=TAKEN_AT.date())
    students = Student.objects.filter(centre=school)
    assert students.count() == len(PAYLOADS)
    candidates_enrol_students(session=session, by=None, student_ids=students.values_list("pk", flat=True), now=NOW)
    return session, _member(school)


def test_names_from_the_siecle_roster_are_neutralised_in_every_export(school: CertificationCentre) -> None:
    students = [
        siecle_student(i, PRENOM=payload, NOM_DE_FAMILLE=f"{payload}{i}", DATE_NAISS=f"{i + 1:02d}/05/2008")
        for i, payload in enumerate(PAYLOADS)
    ]
    data = siecle_xml(students, encoding="UTF-8")
    session, client = _enrol_roster(school, SimpleUploadedFile("ElevesSansAdresses.xml", data))
    assert Student.objects.filter(first_name="＝1+1").exists()  # kept as typed
    _check(_exports(session, client, division="2NDE4"))


def test_names_from_the_roster_csv_are_neutralised_in_every_export(school: CertificationCentre) -> None:
    rows = [
        roster_csv_row(i, **{"Premier prénom*": p, "Nom de famille*": f"{p}{i}", "Date de naissance (jj/mm/aaaa)*": f"{i + 1:02d}/09/2007"})
        for i, p in enumerate(PAYLOADS)
    ]
    session, client = _enrol_roster(school, SimpleUploadedFile("eleves.csv", roster_csv(rows), content_type="text/csv"))
    _check(_exports(session, client, division="1G2"))


def test_names_from_the_candidate_list_ods_are_neutralised_in_every_export(centre: CertificationCentre) -> None:
    session = SessionFactory(centre=centre, date=TAKEN_AT.date())
    rows = [
        candidate_row(
            **{
                "* Prénom": payload,
                "* Nom de naissance": f"{payload}{i}",
                "Identifiant local": payload,
                "* Date de naissance (format : jj/mm/aaaa)": f"{i + 1:02d}/03/2008",
            }
        )
        for i, payload in enumerate(PAYLOADS)
    ]
    candidates_replace_from_ods(session=session, by=None, uploaded_file=ods_upload(rows), now=NOW)
    assert Candidate.objects.filter(session=session).count() == len(PAYLOADS)
    _check(_exports(session, _member(centre), division=None))


def test_names_typed_in_the_profile_collection_reach_no_export_and_its_students_exports_are_safe(
    school: CertificationCentre,
) -> None:
    # The profile collection keeps no text of its own (a profile: levels, a date): its names only match
    # students. Matched by INE here, with the payloads as the names Pix Orga exported.
    rows = [
        roster_csv_row(i, **{"Premier prénom*": p, "Nom de famille*": f"{p}{i}", "Date de naissance (jj/mm/aaaa)*": f"{i + 1:02d}/09/2007"})
        for i, p in enumerate(PAYLOADS)
    ]
    roster_import(
        centre=school, by=None, uploaded_file=SimpleUploadedFile("eleves.csv", roster_csv(rows), content_type="text/csv"), now=NOW
    )
    collection = profile_csv(
        [profile_csv_row(f"{p}{i}", p, INE=f"{i:010d}C", levels=[2] * 16) for i, p in enumerate(PAYLOADS)]
    )
    result = profile_collection_import(
        centre=school, by=None, uploaded_file=SimpleUploadedFile("collecte.csv", collection, content_type="text/csv"), now=NOW
    )
    assert result.imported == len(PAYLOADS)
    assert PlacementProfile.objects.filter(student__centre=school).count() == len(PAYLOADS)
    session = SessionFactory(centre=school, date=TAKEN_AT.date())
    students = Student.objects.filter(centre=school).values_list("pk", flat=True)
    candidates_enrol_students(session=session, by=None, student_ids=students, now=NOW)
    _check(_exports(session, _member(school), division="1G2"))

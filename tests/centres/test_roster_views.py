"""The roster pages: list with filters and search, upload, and who may see them."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from centres.models import CertificationCentre, Role
from tests.accounts.factories import UserFactory
from tests.centres.factories import (
    SCHOOL_UAI,
    MembershipFactory,
    ScoCentreFactory,
    StudentFactory,
    siecle_student,
    siecle_xml,
)


@pytest.fixture
def school(db: None) -> CertificationCentre:
    return ScoCentreFactory(uai=SCHOOL_UAI, name="Lycée Victor Hugo")


@pytest.fixture
def teacher(school: CertificationCentre) -> User:
    return MembershipFactory(centre=school, role=Role.MEMBER, user=UserFactory(email="prof@lycee.fr")).user


@pytest.fixture
def school_client(client: Client, teacher: User) -> Client:
    client.force_login(teacher)
    return client


def _names(response: object) -> list[str]:
    return [s.last_name for s in response.context["page_obj"]]  # type: ignore[attr-defined]


def test_it_lists_the_current_students_sorted_by_name(school: CertificationCentre, school_client: Client) -> None:
    StudentFactory(centre=school, last_name="MARTIN", first_name="Zoé")
    StudentFactory(centre=school, last_name="ARNAUD", first_name="Léo")
    StudentFactory(centre=school, last_name="BLANC", is_active=False)
    response = school_client.get(reverse("centres:roster"))
    assert response.status_code == 200
    assert _names(response) == ["ARNAUD", "MARTIN"]
    assert "Élèves" in response.content.decode()
    assert _names(school_client.get(reverse("centres:roster"), {"sortis": "on"})) == ["ARNAUD", "BLANC", "MARTIN"]


def test_it_filters_one_or_several_divisions(school: CertificationCentre, school_client: Client) -> None:
    for name, division in [("A", "2NDE1"), ("B", "2NDE2"), ("C", "1G1")]:
        StudentFactory(centre=school, last_name=name, division=division)
    url = reverse("centres:roster")
    assert _names(school_client.get(url, {"division": "2NDE2"})) == ["B"]
    assert _names(school_client.get(url, {"division": ["2NDE1", "1G1"]})) == ["A", "C"]
    # A division that no longer exists is ignored, never an error.
    assert _names(school_client.get(url, {"division": "TERM9"})) == ["A", "B", "C"]


def test_it_searches_names_and_ine(school: CertificationCentre, school_client: Client) -> None:
    StudentFactory(centre=school, last_name="MÜLLER", first_name="Éloïse", ine="1234567890A")
    StudentFactory(centre=school, last_name="DUPONT", first_name="Jean", usage_name="DURAND")
    url = reverse("centres:roster")
    assert _names(school_client.get(url, {"q": "müller éloïse"})) == ["MÜLLER"]
    assert _names(school_client.get(url, {"q": "Eloise"})) == ["MÜLLER"]
    assert _names(school_client.get(url, {"q": "durand"})) == ["DUPONT"]
    assert _names(school_client.get(url, {"q": "1234567890a"})) == ["MÜLLER"]


def test_it_shows_50_students_a_page(school: CertificationCentre, school_client: Client) -> None:
    StudentFactory.create_batch(60, centre=school)
    response = school_client.get(reverse("centres:roster"), {"division": "2NDE1", "page": 2})
    assert len(response.context["page_obj"]) == 10
    assert "division=2NDE1" in response.context["query"]


def test_its_query_count_does_not_grow_with_the_students(school: CertificationCentre, school_client: Client) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert school_client.get(reverse("centres:roster")).status_code == 200
        return len(context)

    StudentFactory.create_batch(5, centre=school)
    few = queries()
    StudentFactory.create_batch(55, centre=school, division="1G2")
    assert queries() == few


def test_it_imports_a_file_and_reports_the_counts(school: CertificationCentre, school_client: Client) -> None:
    upload = SimpleUploadedFile("ElevesSansAdresses.xml", siecle_xml([siecle_student(1), siecle_student(2)]))
    response = school_client.post(reverse("centres:roster_import"), {"fichier": upload}, follow=True)
    assert response.redirect_chain == [(reverse("centres:roster"), 302)]
    assert (
        "La liste des élèves a été importée : 2 élève(s) ajouté(s), 0 mis à jour, 0 marqué(s) comme sorti(s)."
        in response.content.decode()
    )
    assert school.students.count() == 2


def test_it_shows_every_error_and_changes_nothing(school: CertificationCentre, school_client: Client) -> None:
    StudentFactory(centre=school, ine="0000000001K", last_name="AVANT")
    data = siecle_xml([siecle_student(1, DATE_NAISS="31/02/2009"), siecle_student(2, CODE_SEXE="9")])
    response = school_client.post(reverse("centres:roster_import"), {"fichier": SimpleUploadedFile("eleves.xml", data)})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Aucun élève n'a été importé : le fichier contient 2 erreurs." in page
    assert "Élève n° 1001 (NOM1 Prénom1), « DATE_NAISS » : la date « 31/02/2009 » n&#x27;existe pas." in page
    assert "Élève n° 1002 (NOM2 Prénom2), « CODE_SEXE »" in page
    assert list(school.students.values_list("last_name", flat=True)) == ["AVANT"]


def test_it_asks_for_a_file(school_client: Client) -> None:
    response = school_client.post(reverse("centres:roster_import"), {})
    assert "Veuillez choisir un fichier." in response.content.decode()


def test_the_upload_page_describes_both_formats(school_client: Client) -> None:
    page = school_client.get(reverse("centres:roster_import")).content.decode()
    assert "ElevesSansAdresses.xml" in page
    assert "Identifiant unique*;Premier prénom*" in page
    assert 'enctype="multipart/form-data"' in page


@pytest.mark.parametrize("name", ["centres:roster", "centres:roster_import"])
def test_a_centre_that_is_not_a_school_has_no_roster(admin_client: Client, name: str) -> None:
    assert admin_client.get(reverse(name)).status_code == 404


@pytest.mark.parametrize("name", ["centres:roster", "centres:roster_import"])
def test_a_stranger_never_sees_the_schools_students(
    school: CertificationCentre, stranger_client: Client, name: str
) -> None:
    StudentFactory(centre=school, last_name="SECRET")
    response = stranger_client.get(reverse(name))
    assert response.status_code == 404
    assert "SECRET" not in response.content.decode()


def test_a_member_of_another_school_sees_only_their_own_students(school: CertificationCentre, client: Client) -> None:
    StudentFactory(centre=school, last_name="SECRET")
    other = MembershipFactory(centre=ScoCentreFactory(), role=Role.ADMIN)
    StudentFactory(centre=other.centre, last_name="MIEN")
    client.force_login(other.user)
    assert _names(client.get(reverse("centres:roster"))) == ["MIEN"]
    upload = SimpleUploadedFile("eleves.xml", siecle_xml([siecle_student(1)]))
    response = client.post(reverse("centres:roster_import"), {"fichier": upload})
    assert "l&#x27;UAI du fichier SIECLE ne correspond pas" in response.content.decode()
    assert not school.students.exclude(last_name="SECRET").exists()


@pytest.mark.parametrize("name", ["centres:roster", "centres:roster_import"])
def test_it_asks_anonymous_visitors_to_log_in(client: Client, name: str) -> None:
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_menu_links_to_the_students_only_for_schools(teacher: User, admin: User) -> None:
    roster_link = f'href="{reverse("centres:roster")}"'
    at_school, at_university = Client(), Client()
    at_school.force_login(teacher)
    at_university.force_login(admin)
    assert roster_link in at_school.get(reverse("centres:roster")).content.decode()
    assert roster_link not in at_university.get(reverse("centres:centre_members")).content.decode()

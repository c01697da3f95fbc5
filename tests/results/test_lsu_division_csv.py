"""The school's results per division (SCO centres only): the session CSV's columns without the centre."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client

from accounts.models import User
from centres.models import CertificationCentre, Role
from certification.models import ResultStatus
from results.exports import DivisionResultsExporter
from results.selectors import school_published_counts_by_division
from sessions_app.models import Session, SessionStatus
from tests.accounts.factories import UserFactory
from tests.centres.factories import MembershipFactory, ScoCentreFactory, StudentFactory
from tests.results.lsu_factories import student_course
from tests.results.publication_factories import NOW, finalised_session

HEADER_LINE = (
    "Numéro de certification;Prénom;Nom;Date de naissance;Lieu de naissance;Identifiant Externe;Statut;"
    "Nombre de Pix;1.1;1.2;1.3;2.1;2.2;2.3;2.4;3.1;3.2;3.3;3.4;4.1;4.2;4.3;5.1;5.2;"
    "Commentaire jury pour l'organisation;Session;Date de passage de la certification"
)


@pytest.fixture
def school(db: None) -> CertificationCentre:
    return ScoCentreFactory(name="Collège Jean Moulin", uai="0751234A")


@pytest.fixture
def school_client(client: Client, school: CertificationCentre) -> Client:
    client.force_login(MembershipFactory(centre=school, role=Role.MEMBER, user=UserFactory()).user)
    return client


def _published(school: CertificationCentre) -> Session:
    session = finalised_session(school)
    session.status, session.published_at = SessionStatus.PROCESSED, NOW
    session.save()
    return session


def _fixture(school: CertificationCentre) -> dict[str, Any]:
    published, unpublished = _published(school), finalised_session(school)
    lea = StudentFactory(
        centre=school, division="3A", first_name="Léa", last_name="Martin", birthdate=dt.date(2010, 1, 31)
    )
    tom = StudentFactory(
        centre=school, division="3A", first_name="Tom", last_name="=cmd", birthdate=dt.date(2010, 2, 1)
    )
    return {
        "lea": student_course(published, lea, pix=40, levels={"1.1": 3, "3.4": -1}),
        "tom": student_course(published, tom, status=ResultStatus.REJECTED, levels={"1.1": 0}),
        # Not in the 3A export: unpublished, another division, a student gone, another school.
        "pending": student_course(unpublished, StudentFactory(centre=school, division="3A", first_name="Paul")),
        "3B": student_course(published, StudentFactory(centre=school, division="3B", first_name="Bea")),
        "gone": student_course(published, StudentFactory(centre=school, division="3A", is_active=False)),
        "other": student_course(_published(ScoCentreFactory()), StudentFactory(division="3A", first_name="Autre")),
        "session": published,
    }


def test_it_writes_the_division_byte_for_byte(school: CertificationCentre) -> None:
    data = _fixture(school)
    filename, content_type, content = DivisionResultsExporter(school, "3A", now=NOW).render()
    assert filename == "20240320_1405_resultats_division_3a.csv"
    assert content_type == "text/csv; charset=utf-8"
    session = data["session"].pk
    expected = (
        "\ufeff"
        + HEADER_LINE
        + "\r\n"
        + f"{data['tom'].pk};Tom;'=cmd;01/02/2010;;;Rejetée;0;0;{';' * 15}"
        + f";{session};12/03/2024\r\n"
        + f"{data['lea'].pk};Léa;Martin;31/01/2010;;;Validée;40;3;;;;;;;;;;-1;;;;;;;{session};12/03/2024\r\n"
    )
    assert content == expected.encode("utf-8")


def test_the_page_lists_the_divisions_and_serves_the_csv(school: CertificationCentre, school_client: Client) -> None:
    data = _fixture(school)
    page = school_client.get("/centre/resultats/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "3A" in html and "3B" in html and 'href="/centre/resultats/division.csv?division=3A"' in html
    # Published certifications of active students only: Léa and Tom in 3A (not Paul, unpublished, nor the
    # student gone), Bea in 3B; another school's 3A student is not counted.
    cells = re.findall(r"<td>\s*(.*?)\s*</td>\s*<td>(\d+)</td>", html)
    assert cells == [("3A", "2"), ("3B", "1")]
    assert school_published_counts_by_division(school) == {"3A": 2, "3B": 1}
    response = school_client.get("/centre/resultats/division.csv", {"division": "3A"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert str(data["lea"].pk).encode() in response.content and b"Paul" not in response.content
    assert b"Autre" not in response.content
    assert school_client.get("/centre/resultats/division.csv", {"division": "9Z"}).status_code == 404
    assert school_client.get("/centre/resultats/division.csv").status_code == 404


@pytest.mark.parametrize("size", [2, 12])
def test_the_page_keeps_a_constant_number_of_queries(
    size: int, school: CertificationCentre, school_client: Client, django_assert_num_queries: Any
) -> None:
    session = _published(school)
    for n in range(size):
        student_course(session, StudentFactory(centre=school, division=f"D{n}"))
    school_client.get("/centre/resultats/")  # warm the session
    with django_assert_num_queries(4):  # the login session is read from the cache (cached_db)
        assert school_client.get("/centre/resultats/").status_code == 200


def test_other_centres_get_a_404(admin_client: Client, stranger_client: Client, school: CertificationCentre) -> None:
    _fixture(school)
    for client in (admin_client, stranger_client):  # SUP centres
        assert client.get("/centre/resultats/").status_code == 404
        assert client.get("/centre/resultats/division.csv", {"division": "3A"}).status_code == 404


def test_another_school_sees_only_its_own_students(school: CertificationCentre, client: Client, staff: User) -> None:
    _fixture(school)
    other = ScoCentreFactory()
    client.force_login(MembershipFactory(centre=other, user=UserFactory()).user)
    StudentFactory(centre=other, division="3A")
    response = client.get("/centre/resultats/division.csv", {"division": "3A"})
    assert response.status_code == 200
    assert response.content.decode("utf-8-sig").strip() == HEADER_LINE


def test_a_logged_out_visitor_is_sent_to_the_login(client: Client) -> None:
    assert client.get("/centre/resultats/").status_code == 302

"""The document of GET /api/organizations/{uai}/certifications, key by key, against LSU-API.md §2."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from accounts.models import User
from centres.models import CertificationCentre
from certification.models import AssessmentResult, ResultStatus
from referential.models import Area, Competence
from results.services import session_publish
from sessions_app.models import Session
from tests.centres.factories import ScoCentreFactory, StudentFactory
from tests.results.lsu_factories import api_client, post_token, student_course, token_form
from tests.results.publication_factories import NOW, TAKEN_AT, add_result, finalised_session, scored_course

Capture = Callable[..., Any]
UAI = "0751234A"
PUBLISHED_AT = NOW
ISO_MS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
KEYS = [
    "id",
    "firstName",
    "middleName",
    "thirdName",
    "lastName",
    "birthdate",
    "nationalStudentId",
    "status",
    "pixScore",
    "verificationCode",
    "date",
    "deliveredAt",
    "certificationCenter",
    "competenceResults",
]
AREA_NAMES = {
    "1": "Information et données",
    "2": "Communication et collaboration",
    "3": "Création de contenu",
    "4": "Protection et sécurité",
    "5": "Environnement numérique",
}


@pytest.fixture
def school(db: None) -> CertificationCentre:
    return ScoCentreFactory(name="Collège Jean Moulin", uai=UAI)


@pytest.fixture
def bearer(client: Client) -> str:
    _client, secret = api_client()
    answer = post_token(client, token_form("lsu-test", secret))
    return f"Bearer {answer.json()['access_token']}"


def _get(client: Client, bearer: str, uai: str = UAI) -> Any:
    response = client.get(f"/api/organizations/{uai}/certifications", HTTP_AUTHORIZATION=bearer)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    return response


@pytest.fixture
def fixture(school: CertificationCentre, staff: User, django_capture_on_commit_callbacks: Capture) -> dict[str, Any]:
    """Validated, rejected, cancelled, unpublished, without marks, two certifications, inactive, another school."""
    published, unpublished, later = finalised_session(school), finalised_session(school), finalised_session(school)
    lea = StudentFactory(
        centre=school, first_name="Léa", second_name="Marie", last_name="Arnaud", ine="123456789AB",
        birthdate=dt.date(2008, 3, 14),
    )  # fmt: skip
    bob = StudentFactory(centre=school, first_name="Bob", last_name="Bernard", third_name="Troisième")
    cancelled = StudentFactory(centre=school, first_name="Annulé", last_name="Claude")
    pending = StudentFactory(centre=school, first_name="Paul", last_name="Dupont")
    twice = StudentFactory(centre=school, first_name="Eva", last_name="Durand")
    back = StudentFactory(centre=school, first_name="Zoé", last_name="Durand")
    unmarked = StudentFactory(centre=school, first_name="Sans", last_name="Marques")
    gone = StudentFactory(centre=school, first_name="Parti", last_name="Ailleurs", is_active=False)
    elsewhere = ScoCentreFactory(name="Autre lycée", uai="0759999Z")
    foreign = StudentFactory(centre=elsewhere, first_name="Autre", last_name="Arnaud")
    courses = {
        "lea": student_course(published, lea, pix=412, levels={"1.2": 3, "1.1": 4, "2.1": 0, "5.2": -1}),
        "bob": student_course(published, bob, status=ResultStatus.REJECTED, pix=0, levels={"1.1": 1}),
        "cancelled": student_course(published, cancelled, status=ResultStatus.CANCELLED),
        "pending": student_course(unpublished, pending, pix=200, levels={"3.1": 5}),
        "twice_old": student_course(published, twice, pix=100, levels={"1.1": 1}),
        "twice_new": student_course(unpublished, twice, pix=300, started_at=TAKEN_AT + dt.timedelta(days=30)),
        "back_old": student_course(published, back, pix=64, levels={"4.1": 2}),
        "back_new": student_course(later, back, pix=64, started_at=TAKEN_AT + dt.timedelta(days=30)),
        "unmarked": student_course(published, unmarked, levels={}),
        "gone": student_course(published, gone, pix=50),
        "foreign": student_course(finalised_session(elsewhere), foreign, pix=50),
    }
    # Zoé's latest certification is cancelled by a later result: the earlier one is listed.
    add_result(courses["back_new"], status=ResultStatus.CANCELLED, at=TAKEN_AT + dt.timedelta(days=31))
    scored_course(published, pix=99, first_name="Libre", last_name="Candidat")  # not from the roster
    with django_capture_on_commit_callbacks(execute=True):
        session_publish(session=published, by=staff, now=PUBLISHED_AT)
        session_publish(session=later, by=staff, now=PUBLISHED_AT)
    return courses


def test_the_document_is_exactly_the_contract(client: Client, bearer: str, fixture: dict[str, Any]) -> None:
    document = _get(client, bearer).json()
    assert list(document) == ["data", "included"]
    assert list(document["data"]) == ["type", "attributes", "relationships"]  # no data.id
    assert document["data"]["type"] == "certificationsResults"
    certifications = document["data"]["attributes"]["certifications"]
    for certification in certifications:
        assert list(certification) == KEYS
    by_name = {(c["lastName"], c["firstName"]): c for c in certifications}
    # Order: last name, first name, id; excluded: cancelled, without marks, inactive, other school, no student.
    assert list(by_name) == [
        ("Arnaud", "Léa"),
        ("Bernard", "Bob"),
        ("Dupont", "Paul"),
        ("Durand", "Eva"),
        ("Durand", "Zoé"),
    ]
    assert by_name["Arnaud", "Léa"] == {
        "id": fixture["lea"].pk,
        "firstName": "Léa",
        "middleName": "Marie",
        "thirdName": None,
        "lastName": "Arnaud",
        "birthdate": "2008-03-14",
        "nationalStudentId": "123456789AB",
        "status": "validated",
        "pixScore": 412,
        "verificationCode": fixture["lea"].verification_code,
        "date": "2024-03-12T09:00:00.000Z",
        "deliveredAt": "2024-03-20T13:05:00.000Z",
        "certificationCenter": "Collège Jean Moulin",
        "competenceResults": [
            {"competenceId": "1.1", "level": 4},
            {"competenceId": "1.2", "level": 3},
            {"competenceId": "2.1", "level": 0},
            {"competenceId": "5.2", "level": -1},
        ],
    }
    bob = by_name["Bernard", "Bob"]
    assert (bob["status"], bob["pixScore"], bob["competenceResults"]) == ("rejected", 0, [])
    assert (bob["middleName"], bob["thirdName"]) == (None, "Troisième")
    assert bob["deliveredAt"] == "2024-03-20T13:05:00.000Z"
    paul = by_name["Dupont", "Paul"]
    assert (paul["status"], paul["pixScore"], paul["competenceResults"], paul["deliveredAt"]) == (
        "pending",
        0,
        [],
        None,
    )
    eva = by_name["Durand", "Eva"]  # the latest certification only, pending
    assert (eva["id"], eva["status"], eva["date"]) == (fixture["twice_new"].pk, "pending", "2024-04-11T09:00:00.000Z")
    zoe = by_name["Durand", "Zoé"]  # the latest one is cancelled: the one before
    assert (zoe["id"], zoe["status"], zoe["pixScore"]) == (fixture["back_old"].pk, "validated", 64)
    for certification in certifications:
        assert isinstance(certification["id"], int) and isinstance(certification["pixScore"], int)
        assert re.fullmatch(r"\d{4}-\d\d-\d\d", certification["birthdate"])
        assert ISO_MS.match(certification["date"])
        assert certification["deliveredAt"] is None or ISO_MS.match(certification["deliveredAt"])
        assert re.fullmatch(r"P-[A-Z0-9]{8}", certification["verificationCode"])
        for mark in certification["competenceResults"]:
            assert isinstance(mark["competenceId"], str) and isinstance(mark["level"], int)


def test_no_personal_data_of_another_school(client: Client, bearer: str, fixture: dict[str, Any]) -> None:
    body = _get(client, bearer).content.decode()
    assert "Autre" not in body and "Parti" not in body and "Libre" not in body
    other = _get(client, bearer, uai="0759999z").json()["data"]["attributes"]["certifications"]
    assert [c["firstName"] for c in other] == ["Autre"]


def test_the_uai_is_case_insensitive_and_an_unknown_one_is_empty(
    client: Client, bearer: str, fixture: dict[str, Any]
) -> None:
    assert _get(client, bearer, uai="0751234a").content == _get(client, bearer).content
    unknown = _get(client, bearer, uai="0000000X").json()
    assert unknown["data"]["attributes"]["certifications"] == []
    assert len(unknown["included"]) == 21


def test_the_referential_is_complete_and_in_order(client: Client, bearer: str, school: CertificationCentre) -> None:
    document = _get(client, bearer).json()
    codes = [f"{a}.{c}" for a, n in ((1, 3), (2, 4), (3, 4), (4, 3), (5, 2)) for c in range(1, n + 1)]
    assert document["data"]["relationships"] == {
        "competences": {"data": [{"type": "competences", "id": c} for c in codes]}
    }
    order = [item["id"] for item in document["included"]]
    assert order == ["1", "1.1", "1.2", "1.3", "2", "2.1", "2.2", "2.3", "2.4", "3", "3.1", "3.2", "3.3", "3.4",
                     "4", "4.1", "4.2", "4.3", "5", "5.1", "5.2"]  # fmt: skip
    competences = {c.code: c for c in Competence.objects.select_related("area")}
    for item in document["included"]:
        if item["type"] == "areas":
            assert item == {"type": "areas", "id": item["id"], "attributes": {"name": AREA_NAMES[item["id"]]},
                            "relationships": {}}  # fmt: skip
            assert Area.objects.get(code=item["id"]).name == AREA_NAMES[item["id"]]
        else:
            competence = competences[item["id"]]
            assert item == {
                "type": "competences",
                "id": competence.code,
                "attributes": {"name": competence.name},
                "relationships": {"area": {"data": {"type": "areas", "id": competence.area.code}}},
            }
    assert document["included"][1]["attributes"]["name"] == "Mener une recherche et une veille d'information"
    assert document["data"]["attributes"]["certifications"] == []


def test_the_answer_is_compact_utf8_json(client: Client, bearer: str, fixture: dict[str, Any]) -> None:
    raw = _get(client, bearer).content
    assert raw.startswith(b'{"data":{"type":"certificationsResults","attributes":{"certifications":[{"id":')
    assert "Léa".encode() in raw and b", " not in raw.split(b'"included"')[0].replace(b"Mener", b"")
    assert json.loads(raw)["included"][0] == {
        "type": "areas",
        "id": "1",
        "attributes": {"name": "Information et données"},
        "relationships": {},
    }


def test_an_unpublication_turns_the_results_back_to_pending(
    client: Client, bearer: str, fixture: dict[str, Any], staff: User, django_capture_on_commit_callbacks: Capture
) -> None:
    from results.services import session_unpublish

    session = Session.objects.get(pk=fixture["lea"].session_id)
    with django_capture_on_commit_callbacks(execute=True):
        session_unpublish(session=session, by=staff, now=NOW)
    lea = _get(client, bearer).json()["data"]["attributes"]["certifications"][0]
    assert (lea["firstName"], lea["status"], lea["pixScore"], lea["deliveredAt"]) == ("Léa", "pending", 0, None)
    assert lea["competenceResults"] == []


def test_a_school_never_refreshed_is_built_on_the_first_read(
    client: Client, bearer: str, school: CertificationCentre
) -> None:
    session = finalised_session(school)
    student = StudentFactory(centre=school, first_name="Léa", last_name="Arnaud")
    student_course(session, student, pix=12)
    AssessmentResult.objects.update(created_at=TAKEN_AT)
    certifications = _get(client, bearer).json()["data"]["attributes"]["certifications"]
    assert [(c["firstName"], c["status"]) for c in certifications] == [("Léa", "pending")]


def test_the_openapi_description_names_both_endpoints_and_every_key() -> None:
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "docs" / "openapi-lsu.yaml").read_text()
    assert text.startswith("openapi: 3.1.0")
    assert "  /api/application/token:\n    post:" in text
    assert "  /api/organizations/{uai}/certifications:\n    get:" in text
    for key in KEYS:
        assert f"        {key}:" in text, key

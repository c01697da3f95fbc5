"""The record-book (LSU/LSL) API seen by an attacker (LSU-API.md, docs/lsu-api.md).

The API's own tests (tests/results/test_lsu_token.py, test_lsu_contract.py) cover the contract; here:
no or a bad token is a 401, a token of another scope a 403, brute force on the token endpoint locks
the address with the audit line, the document of a school holds no student of another school, and the
client secret and access tokens never reach a log line or a URL.
"""

from __future__ import annotations

import logging
from typing import Any

import pytest
from django.test import Client

from accounts.models import Throttle
from accounts.throttle import key_digest, stored_key
from centres.models import CertificationCentre
from results.school_export_build import school_export_refresh
from tests.centres.factories import ScoCentreFactory, StudentFactory
from tests.results.lsu_factories import api_client, post_token, student_course, token_form
from tests.results.publication_factories import NOW, finalised_session

URL = "/api/organizations/{uai}/certifications"


def _published_school(uai: str, first_name: str) -> CertificationCentre:
    school = ScoCentreFactory(uai=uai, name=f"Collège {first_name}")
    session = finalised_session(school)
    session.status, session.published_at = "processed", NOW
    session.save()
    student_course(session, StudentFactory(centre=school, first_name=first_name, last_name=f"{first_name}-Nom"), pix=40)
    school_export_refresh(uai=uai)
    return school


@pytest.fixture
def bearer(client: Client, db: None) -> str:
    _client, secret = api_client()
    return f"Bearer {post_token(client, token_form('lsu-test', secret)).json()['access_token']}"


@pytest.mark.parametrize(
    "authorization", [None, "", "Bearer", "Bearer pas-un-jeton", "Basic bHN1OnNlY3JldA==", "bearer a.b.c"]
)
def test_no_valid_token_is_a_401(authorization: str | None, client: Client, db: None) -> None:
    _published_school("0751234A", "Léa")
    extra: dict[str, Any] = {} if authorization is None else {"HTTP_AUTHORIZATION": authorization}
    response = client.get(URL.format(uai="0751234A"), **extra)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert "Léa" not in response.content.decode()


def test_a_logged_in_staff_session_is_no_credential(client: Client, staff: Any) -> None:
    _published_school("0751234A", "Léa")
    client.force_login(staff)
    assert client.get(URL.format(uai="0751234A")).status_code == 401


def test_the_document_of_a_school_holds_no_student_of_another(client: Client, bearer: str) -> None:
    _published_school("0751234A", "Alice")
    _published_school("0759999Z", "Bruno")
    first = client.get(URL.format(uai="0751234A"), HTTP_AUTHORIZATION=bearer).content.decode()
    second = client.get(URL.format(uai="0759999Z"), HTTP_AUTHORIZATION=bearer).content.decode()
    assert "Alice" in first and "Bruno" not in first
    assert "Bruno" in second and "Alice" not in second


def test_the_token_endpoint_locks_an_address_and_audits_it(
    client: Client, db: None, caplog: pytest.LogCaptureFixture
) -> None:
    _api, secret = api_client()
    with caplog.at_level(logging.DEBUG):
        for i in range(9):
            assert post_token(client, token_form("lsu-test", f"mauvais-secret-{i}")).status_code == 401
        assert post_token(client, token_form("lsu-test", "mauvais-secret-9")).status_code == 429
        locked = post_token(client, token_form("lsu-test", secret))
    assert locked.status_code == 429  # even the right secret, while locked
    assert "access_token" not in locked.content.decode()
    assert Throttle.objects.get(scope="lsu-token", key=stored_key("lsu-token", "127.0.0.1")).lock_count == 1
    lines = [r.getMessage() for r in caplog.records if r.name == "pixcertif.throttle"]
    assert len(lines) == 1 and "scope=lsu-token" in lines[0] and key_digest("127.0.0.1") in lines[0]
    assert secret not in caplog.text
    assert "mauvais-secret-3" not in caplog.text


def test_the_secret_and_the_token_never_reach_the_logs(
    client: Client, db: None, caplog: pytest.LogCaptureFixture
) -> None:
    _published_school("0751234A", "Léa")
    _api, secret = api_client()
    with caplog.at_level(logging.DEBUG):
        answer = post_token(client, token_form("lsu-test", secret))
        token = answer.json()["access_token"]
        assert client.get(URL.format(uai="0751234A"), HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200
        client.get(URL.format(uai="0751234A"), HTTP_AUTHORIZATION=f"Bearer {token}x")
    assert caplog.records, "nothing captured: the test would prove nothing"
    logs = "\n".join(f"{r.getMessage()} {r.args!r}" for r in caplog.records)
    assert secret not in logs
    assert token not in logs
    # The answers are not cached anywhere on the way.
    assert answer["Cache-Control"] == "no-store"


def test_a_secret_in_the_query_string_is_refused(client: Client, db: None) -> None:
    _api, secret = api_client()
    response = client.post(
        f"/api/application/token?grant_type=client_credentials&client_id=lsu-test&client_secret={secret}",
        "",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code in (400, 415)  # credentials are read from the form body only
    assert "access_token" not in response.content.decode()

"""POST /api/application/token and the bearer token's lifecycle (LSU-API.md §1), every bad input a JSON error."""

from __future__ import annotations

import json
import time
from typing import Any
from unittest import mock

import pytest
from django.core import signing
from django.test import Client

from results.api_tokens import TOKEN_SALT, token_read
from results.models import ApiClient
from tests.centres.factories import ScoCentreFactory
from tests.results.lsu_factories import api_client, post_token, token_form

URL = "/api/application/token"
RESULTS = "/api/organizations/0751234A/certifications"
INVALID = {"errors": [{"status": "401", "title": "Unauthorized", "detail": "The client ID or secret are invalid."}]}
FORBIDDEN = {"errors": [{"status": "403", "title": "Forbidden", "detail": "The scope is not allowed."}]}

pytestmark = pytest.mark.django_db


@pytest.fixture
def credentials() -> tuple[ApiClient, str]:
    ScoCentreFactory(uai="0751234A")
    return api_client("lsu-ac-paris", name="LSU Paris")


def _error(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    body = json.loads(response.content)
    assert list(body) == ["errors"] and len(body["errors"]) == 1
    assert list(body["errors"][0]) == ["status", "title", "detail"]
    assert body["errors"][0]["status"] == str(status)
    return body


def _token(client: Client, credentials: tuple[ApiClient, str]) -> str:
    response = post_token(client, token_form(credentials[0].client_id, credentials[1]))
    assert response.status_code == 200
    return str(response.json()["access_token"])


def test_it_issues_a_token(client: Client, credentials: tuple[ApiClient, str]) -> None:
    api, secret = credentials
    response = post_token(client, token_form("lsu-ac-paris", secret))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    assert response["Pragma"] == "no-cache"
    body = response.json()
    assert list(body) == ["token_type", "access_token", "client_id"]
    assert (body["token_type"], body["client_id"]) == ("bearer", "lsu-ac-paris")
    claims = token_read(body["access_token"])
    assert claims is not None
    assert (claims.client_id, claims.source, claims.scopes) == (
        "lsu-ac-paris",
        "LSU Paris",
        frozenset({"organizations-certifications-result"}),
    )
    api.refresh_from_db()
    assert api.last_used_at is not None
    assert api.secret_hash != secret and secret not in api.secret_hash


def test_the_token_reads_the_results(client: Client, credentials: tuple[ApiClient, str]) -> None:
    response = client.get(RESULTS, HTTP_AUTHORIZATION=f"Bearer {_token(client, credentials)}")
    assert response.status_code == 200
    assert response.json()["data"]["attributes"]["certifications"] == []


def test_a_session_cookie_is_no_credential(client: Client, staff: Any, credentials: tuple[ApiClient, str]) -> None:
    client.force_login(staff)
    _error(client.get(RESULTS), 401)


@pytest.mark.parametrize("who", ["unknown", "wrong-secret", "disabled"])
def test_it_refuses_bad_credentials_with_one_answer(
    client: Client, credentials: tuple[ApiClient, str], who: str
) -> None:
    api, secret = credentials
    if who == "disabled":
        ApiClient.objects.filter(pk=api.pk).update(is_enabled=False)
    client_id = "nobody" if who == "unknown" else api.client_id
    response = post_token(client, token_form(client_id, "wrong" if who == "wrong-secret" else secret))
    assert _error(response, 401) == INVALID


def test_it_refuses_a_scope_not_granted(client: Client, credentials: tuple[ApiClient, str]) -> None:
    response = post_token(
        client, token_form("lsu-ac-paris", credentials[1], scope="organizations-certifications-result admin")
    )
    assert _error(response, 403) == FORBIDDEN


@pytest.mark.parametrize(
    ("change", "detail"),
    [
        ({"grant_type": "password"}, "The grant type must be client_credentials."),
        ({"grant_type": None}, "The field grant_type is required."),
        ({"client_id": None}, "The field client_id is required."),
        ({"client_secret": ""}, "The field client_secret is required."),
        ({"scope": None}, "The field scope is required."),
        ({"extra": "1"}, "Unknown field: extra."),
    ],
)
def test_it_refuses_a_malformed_form(
    client: Client, credentials: tuple[ApiClient, str], change: dict[str, str | None], detail: str
) -> None:
    form = {**token_form("lsu-ac-paris", credentials[1]), **change}
    form = {key: value for key, value in form.items() if value is not None}
    body = _error(post_token(client, form), 400)
    assert body["errors"][0] == {"status": "400", "title": "Bad Request", "detail": detail}


def test_it_refuses_other_media_types_and_methods(client: Client, credentials: tuple[ApiClient, str]) -> None:
    form = token_form("lsu-ac-paris", credentials[1])
    _error(client.post(URL, form), 415)  # multipart
    _error(client.post(URL, json.dumps(form), content_type="application/json"), 415)
    _error(client.get(URL), 405)
    assert client.get(URL)["Allow"] == "POST"


def test_it_needs_no_csrf_token(credentials: tuple[ApiClient, str]) -> None:
    strict = Client(enforce_csrf_checks=True)
    assert post_token(strict, token_form("lsu-ac-paris", credentials[1])).status_code == 200


def test_it_locks_an_address_after_ten_refusals(client: Client, credentials: tuple[ApiClient, str]) -> None:
    for _attempt in range(9):
        assert post_token(client, token_form("lsu-ac-paris", "guess")).status_code == 401
    locked = post_token(client, token_form("lsu-ac-paris", "guess"))
    _error(locked, 429)
    assert locked["Retry-After"] == "300"
    # Locked: even the right secret is refused; another address is not.
    _error(post_token(client, token_form("lsu-ac-paris", credentials[1])), 429)
    other = post_token(client, token_form("lsu-ac-paris", credentials[1]), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200


@pytest.mark.parametrize(
    "header",
    ["", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Token abc", "Bearer forged.token.value", "Bearer " + "x" * 5000],
)
def test_the_results_refuse_a_missing_or_bad_authorization(
    client: Client, credentials: tuple[ApiClient, str], header: str
) -> None:
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    response = client.get(RESULTS, **extra)
    assert _error(response, 401)["errors"][0]["title"] == "Unauthorized"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_forged_token_is_refused(client: Client, credentials: tuple[ApiClient, str]) -> None:
    payload = {"client_id": "lsu-ac-paris", "source": "LSU", "scope": "organizations-certifications-result"}
    forged = signing.dumps(payload, salt=TOKEN_SALT, key="not-the-secret-key")
    _error(client.get(RESULTS, HTTP_AUTHORIZATION=f"Bearer {forged}"), 401)
    other_salt = signing.dumps(payload, salt="results.recipient")
    _error(client.get(RESULTS, HTTP_AUTHORIZATION=f"Bearer {other_salt}"), 401)


def test_a_token_expires_after_one_hour(client: Client, credentials: tuple[ApiClient, str]) -> None:
    token = _token(client, credentials)
    with mock.patch("django.core.signing.time.time", return_value=time.time() + 3590):
        assert client.get(RESULTS, HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200
    with mock.patch("django.core.signing.time.time", return_value=time.time() + 3610):
        _error(client.get(RESULTS, HTTP_AUTHORIZATION=f"Bearer {token}"), 401)


def test_a_disabled_or_deleted_client_loses_its_tokens(client: Client, credentials: tuple[ApiClient, str]) -> None:
    token = _token(client, credentials)
    ApiClient.objects.filter(pk=credentials[0].pk).update(is_enabled=False)
    _error(client.get(RESULTS, HTTP_AUTHORIZATION=f"Bearer {token}"), 401)
    ApiClient.objects.filter(pk=credentials[0].pk).delete()
    _error(client.get(RESULTS, HTTP_AUTHORIZATION=f"Bearer {token}"), 401)


def test_a_token_for_another_scope_is_forbidden(client: Client) -> None:
    api_client("other", scopes="organizations-certifications-result")
    ApiClient.objects.filter(client_id="other").update(scopes="other-scope organizations-certifications-result")
    token = signing.dumps({"client_id": "other", "source": "X", "scope": "other-scope"}, salt=TOKEN_SALT)
    assert _error(client.get(RESULTS, HTTP_AUTHORIZATION=f"Bearer {token}"), 403) == FORBIDDEN


def test_a_scope_withdrawn_from_the_client_is_forbidden(client: Client, credentials: tuple[ApiClient, str]) -> None:
    token = _token(client, credentials)
    ApiClient.objects.filter(pk=credentials[0].pk).update(scopes="other-scope")
    _error(client.get(RESULTS, HTTP_AUTHORIZATION=f"Bearer {token}"), 403)


@pytest.mark.parametrize("uai", ["075123A", "07512345A", "ABCDEFGH", "0751234-", "0751234AA", "%20", "0751234%C3%A9"])
def test_a_malformed_uai_is_a_400(client: Client, credentials: tuple[ApiClient, str], uai: str) -> None:
    token = _token(client, credentials)
    response = client.get(f"/api/organizations/{uai}/certifications", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert _error(response, 400)["errors"][0]["title"] == "Bad Request"


def test_the_results_refuse_other_methods(client: Client, credentials: tuple[ApiClient, str]) -> None:
    token = _token(client, credentials)
    _error(client.post(RESULTS, HTTP_AUTHORIZATION=f"Bearer {token}"), 405)


@pytest.mark.parametrize("path", ["/api/organizations/0751234A/", "/api/organizations/a/b/certifications", "/api/x"])
def test_an_unknown_api_path_is_a_json_404(client: Client, path: str) -> None:
    assert _error(client.get(path), 404)["errors"][0]["title"] == "Not Found"
    assert _error(client.post(path), 404)

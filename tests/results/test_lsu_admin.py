"""Staff back office of the LSU/LSL API: clients (secret shown once, stored hashed) and school exports."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.hashers import check_password
from django.contrib.messages import get_messages
from django.test import Client

from results.models import ApiClient, SchoolExport
from results.school_export_build import school_export_refresh
from tests.centres.factories import ScoCentreFactory, StudentFactory
from tests.results.lsu_factories import post_token, student_course, token_form
from tests.results.publication_factories import finalised_session

Capture = Callable[..., Any]
pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client: Client, admin_user: Any) -> Client:
    client.force_login(admin_user)
    return client


def test_the_add_form_offers_the_certifications_scope(superuser_client: Client) -> None:
    html = superuser_client.get("/admin/results/apiclient/add/").content.decode()
    assert 'value="organizations-certifications-result"' in html


def test_creating_a_client_shows_its_secret_once(superuser_client: Client, client: Client) -> None:
    form = {
        "client_id": "lsu-lyon",
        "name": "LSU Lyon",
        "scopes": "organizations-certifications-result",
        "is_enabled": "on",
    }
    response = superuser_client.post("/admin/results/apiclient/add/", form, follow=True)
    assert response.status_code == 200
    shown = [str(m) for m in get_messages(response.wsgi_request)] or [response.content.decode()]
    match = re.search(r"Secret du client « lsu-lyon » : (\S+) — copiez-le", response.content.decode())
    assert match, shown
    secret = match.group(1)
    api = ApiClient.objects.get(client_id="lsu-lyon")
    assert secret not in api.secret_hash and check_password(secret, api.secret_hash)
    assert api.created_at is not None and api.scope_set() == {"organizations-certifications-result"}
    # Shown once: the change page never shows it again.
    assert secret not in superuser_client.get(f"/admin/results/apiclient/{api.pk}/change/").content.decode()
    assert post_token(Client(), token_form("lsu-lyon", secret)).status_code == 200


def test_an_unknown_scope_is_refused(superuser_client: Client) -> None:
    form = {"client_id": "x", "name": "X", "scopes": "everything", "is_enabled": "on"}
    response = superuser_client.post("/admin/results/apiclient/add/", form)
    assert response.status_code == 200 and "Périmètre inconnu" in response.content.decode()
    assert not ApiClient.objects.exists()


def test_a_new_secret_replaces_the_old_one(superuser_client: Client) -> None:
    from tests.results.lsu_factories import api_client

    api, old = api_client("lsu-lille")
    response = superuser_client.post(
        "/admin/results/apiclient/", {"action": "generate_new_secret", "_selected_action": [api.pk]}, follow=True
    )
    new = re.search(r"Secret du client « lsu-lille » : (\S+) —", response.content.decode())
    assert new and new.group(1) != old
    assert post_token(Client(), token_form("lsu-lille", old)).status_code == 401
    assert post_token(Client(), token_form("lsu-lille", new.group(1))).status_code == 200


def test_the_exports_list_and_refresh_now(
    superuser_client: Client, django_capture_on_commit_callbacks: Capture
) -> None:
    school = ScoCentreFactory(name="Lycée Colbert", uai="0750002C")
    student_course(finalised_session(school), StudentFactory(centre=school), pix=10)
    export = SchoolExport.objects.create(uai="0750002C", error="OperationalError: ancienne panne")
    page = superuser_client.get("/admin/results/schoolexport/").content.decode()
    assert "Lycée Colbert" in page and "ancienne panne" in page and "Rafraîchir maintenant" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = superuser_client.post(
            "/admin/results/schoolexport/", {"action": "refresh_now", "_selected_action": [export.pk]}, follow=True
        )
    assert "Rafraîchissement demandé pour 1 établissement" in response.content.decode()
    export.refresh_from_db()
    assert export.refreshed_at is not None and export.requested_at is not None
    assert (export.certification_count, export.error) == (1, "")


def test_staff_add_a_school_by_its_uai(superuser_client: Client, django_capture_on_commit_callbacks: Capture) -> None:
    ScoCentreFactory(uai="0750003D")
    with django_capture_on_commit_callbacks(execute=True):
        superuser_client.post("/admin/results/schoolexport/add/", {"uai": "0750003d"})
    assert SchoolExport.objects.get(uai="0750003D").refreshed_at is not None
    refused = superuser_client.post("/admin/results/schoolexport/add/", {"uai": "75"})
    assert refused.status_code == 200 and "7 chiffres" in refused.content.decode()


@pytest.mark.parametrize("size", [2, 12])
def test_the_exports_list_keeps_a_constant_number_of_queries(
    size: int, superuser_client: Client, django_assert_num_queries: Any
) -> None:
    for n in range(size):
        school_export_refresh(uai=ScoCentreFactory(uai=f"{760000 + n:07d}A").uai)
    superuser_client.get("/admin/results/schoolexport/")
    with django_assert_num_queries(4):  # the login session is read from the cache (cached_db)
        superuser_client.get("/admin/results/schoolexport/")

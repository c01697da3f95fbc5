"""Every URL that accepts a POST refuses one without a CSRF token (403), whoever sends it.

The routes come from the URLconf (tests/test_urls.py's walk, plus the admin's), so a new route is
covered the day it is added. CSRF_EXEMPT lists the routes exempt on purpose, with the reason.
"""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, reverse

from accounts.models import User
from tests.test_urls import ROUTES, Route

# Route name → why it takes a POST without a CSRF token.
CSRF_EXEMPT: dict[str, str] = {
    "results_api:token": (
        "the LSU/LSL client-credentials token endpoint (LSU-API.md): no cookie is a credential there, the client "
        "id and secret in the body are (tests/security/test_api.py)"
    ),
}
EXPIRED = "Formulaire expiré"  # the title of templates/403_csrf.html (CSRF_FAILURE_VIEW)


def _admin_urls() -> list[str]:
    """The admin's own pages that take a POST: login, logout, each model's add page."""
    urls = [reverse("admin:login"), reverse("admin:logout")]
    for model in admin.site._registry:
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"
        urls.append(reverse(name))
    return urls


def _url(route: Route) -> str:
    return reverse(route.name, kwargs=route.sample_kwargs())


@pytest.fixture
def csrf_client(member: User) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    return client


@pytest.mark.parametrize("route", [r for r in ROUTES if r.name not in CSRF_EXEMPT], ids=lambda r: r.name)
def test_a_post_without_token_is_refused(route: Route, csrf_client: Client) -> None:
    response = csrf_client.post(_url(route), {"x": "1"})
    # 403 from the CSRF check; 405 only for a route that takes no POST at all (checked below).
    assert response.status_code in (403, 405), f"{route.name}: {response.status_code}"
    if response.status_code == 405:
        assert "POST" not in response.get("Allow", ""), route.name
    else:
        assert EXPIRED in response.content.decode(), f"{route.name}: a 403 that is not the CSRF failure page"


@pytest.mark.parametrize("route", [r for r in ROUTES if r.name not in CSRF_EXEMPT], ids=lambda r: r.name)
def test_an_anonymous_post_without_token_is_refused_too(route: Route, db: None) -> None:
    response = Client(enforce_csrf_checks=True).post(_url(route), {"x": "1"})
    assert response.status_code in (403, 405), f"{route.name}: {response.status_code}"
    assert response.status_code == 405 or EXPIRED in response.content.decode()


def test_the_admin_refuses_a_post_without_token(db: None, staff: User) -> None:
    client = Client(enforce_csrf_checks=True)
    assert client.post(reverse("admin:login"), {"username": "jury@pix.fr", "password": "x"}).status_code == 403
    staff.is_superuser = True
    staff.save(update_fields=["is_superuser"])
    client.force_login(staff)
    for url in _admin_urls():
        assert client.post(url, {"action": "delete_selected", "_selected_action": ["1"]}).status_code == 403, url


def test_the_exempt_list_names_existing_routes() -> None:
    names = {r.name for r in ROUTES}
    assert set(CSRF_EXEMPT) <= names


def test_the_exempt_token_endpoint_trusts_no_cookie(staff: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    response = client.post(
        "/api/application/token", "grant_type=client_credentials", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400  # a body without credentials, whoever is logged in
    assert "access_token" not in response.content.decode()


def test_it_covers_the_admin_urlconf() -> None:
    patterns = [p for p in admin.site.urls[0] if isinstance(p, URLPattern | URLResolver)]
    assert patterns
    assert len(_admin_urls()) > 3

"""A server error in production settings shows nothing internal (issue 16: tried).

DEBUG off, a view that raises with SQL, a path and a secret in its message and its locals: the answer is the
static templates/500.html (rendered by Django's server_error without context), the same whatever the error,
and the error goes to the log (django.request), never to the page.
"""

from __future__ import annotations

import logging

import pytest
from django.conf import settings
from django.core.cache import caches
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import override_settings

from tests.security.urls_boom import INTERNAL_DETAIL

pytestmark = pytest.mark.django_db

production = override_settings(DEBUG=False, ROOT_URLCONF="tests.security.urls_boom")


@production
def test_a_server_error_shows_the_static_page_and_nothing_internal(caplog: pytest.LogCaptureFixture) -> None:
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.post("/boom/?code=P-SECRET42", {"password": "mot-de-passe-saisi"})
    assert response.status_code == 500
    html = response.content.decode()
    assert "Erreur inattendue" in html and "Erreur 500" in html
    for internal in (
        INTERNAL_DETAIL,
        "secret_column",
        "RuntimeError",
        "Traceback",
        "urls_boom",
        "mot-de-passe",
        "P-SECRET42",
        settings.SECRET_KEY,
        "site-packages",
        "DJANGO_",
        "csrfmiddlewaretoken",
    ):
        assert internal not in html, internal
    assert INTERNAL_DETAIL in caplog.text  # the operators see it, in the log


@production
def test_the_500_page_is_the_same_whatever_the_error_and_whoever_asks(member: object) -> None:
    anonymous = Client(raise_request_exception=False).get("/boom/")
    logged_in = Client(raise_request_exception=False)
    logged_in.force_login(member)  # type: ignore[arg-type]
    assert logged_in.get("/boom/").content == anonymous.content == render_to_string("500.html").encode()
    assert "membre@centre.fr" not in anonymous.content.decode()


def test_the_500_template_renders_without_any_context_or_request() -> None:
    html = render_to_string("500.html")
    assert "{{" not in html and "{%" not in html
    assert 'lang="fr"' in html and "Revenir à l'accueil" in html.replace("&#x27;", "'")


def test_the_500_page_still_renders_when_what_broke_is_the_site_itself(settings: object) -> None:
    # A deploy without its static files manifest breaks every page that links a stylesheet, base.html's 500
    # page included (Django then answers a bare « Server Error (500) »). The static page needs none of it.
    settings.DEBUG = False  # type: ignore[attr-defined]
    settings.ROOT_URLCONF = "tests.security.urls_boom"  # type: ignore[attr-defined]
    settings.STORAGES = {  # type: ignore[attr-defined]
        **settings.STORAGES,  # type: ignore[attr-defined]
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    caches["fragments"].clear()  # no page chrome cached by an earlier test of this process
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    assert "Erreur inattendue" in response.content.decode()

"""Links that leave the site carry its real address, never a guessed 127.0.0.1:8000 (issue 15, item 4)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core import mail
from django.test import RequestFactory

from centres.models import Role
from centres.services import invitation_create
from pixcertif.checks import site_url_configured
from pixcertif.lib.urls import absolute_url, site_url

ROOT = Path(__file__).resolve().parents[2]
APPS = ("accounts", "centres", "referential", "sessions_app", "candidates", "certification", "finalisation",
        "supervision", "results", "templates")


def test_no_link_is_built_on_the_development_address() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for app in APPS
        for path in (ROOT / app).rglob("*")
        if path.suffix in (".py", ".html", ".txt") and "127.0.0.1:8000" in path.read_text(encoding="utf-8")
    ]
    assert not offenders


def test_it_takes_the_address_from_the_request(settings: Any) -> None:
    settings.ALLOWED_HOSTS = ["certif.lycee.fr"]
    request = RequestFactory().get("/", HTTP_HOST="certif.lycee.fr", secure=True)
    assert site_url(request) == "https://certif.lycee.fr"
    assert absolute_url("/surveillance/", request) == "https://certif.lycee.fr/surveillance/"


def test_it_takes_the_configured_address_without_a_request(settings: Any) -> None:
    settings.SITE_URL = "https://certif.example.fr/"
    assert absolute_url("/verification/") == "https://certif.example.fr/verification/"


def test_unconfigured_it_uses_the_site_host_name_and_says_so(settings: Any, caplog: Any) -> None:
    settings.SITE_URL = ""
    settings.ALLOWED_HOSTS = ["*", "certif.example.org"]
    assert site_url() == "https://certif.example.org"
    assert "PIXCERTIF_SITE_URL n'est pas défini" in caplog.text


def test_the_deploy_check_asks_for_the_site_address_in_production(settings: Any) -> None:
    settings.DEBUG = False
    settings.SITE_URL = ""
    assert [m.id for m in site_url_configured()] == ["pixcertif.W001"]
    settings.SITE_URL = "https://certif.example.fr"
    assert site_url_configured() == []


def test_the_invitation_e_mail_links_to_the_configured_site(
    admin: Any, centre: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.SITE_URL = "https://certif.example.fr"
    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(centre=centre, email="nouveau@centre.fr", role=Role.MEMBER, by=admin)
    assert "https://certif.example.fr/invitation/" in mail.outbox[-1].body

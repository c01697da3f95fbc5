"""Production settings, cookies and the Content Security Policy (SECURITY.md « En-têtes et cookies »).

The production values are read from a fresh process started with DJANGO_DEBUG=false, so that what is
tested is what ``pixcertif/settings.py`` computes in production, not a test override.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from accounts.models import User
from tests.accounts.factories import PASSWORD

BASE_DIR = Path(settings.BASE_DIR)
PRODUCTION_SETTINGS = (
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SAMESITE",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "X_FRAME_OPTIONS",
    "DEBUG",
)


def _production_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PIXCERTIF_"))}
    env.update(
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(60),
        DJANGO_ALLOWED_HOSTS="pixcertif.example",
        PIXCERTIF_SITE_URL="https://pixcertif.example",
        PIXCERTIF_VAR_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="pixcertif.settings",
    )
    return env


def _manage(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def production(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {list(PRODUCTION_SETTINGS)!r}}}))"
    )
    done = _manage(tmp_path_factory.mktemp("prod"), "shell", "-c", code)
    assert done.returncode == 0, done.stderr
    values: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return values


def test_check_deploy_is_clean(tmp_path: Path) -> None:
    done = _manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout + done.stderr


def test_check_deploy_asks_for_the_site_address(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PIXCERTIF_SITE_URL", raising=False)
    env = {k: v for k, v in _production_env(tmp_path).items() if k != "PIXCERTIF_SITE_URL"}
    done = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode != 0
    assert "pixcertif.W001" in done.stdout + done.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    env = _production_env(tmp_path)
    del env["DJANGO_SECRET_KEY"]
    done = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode != 0
    assert "DJANGO_SECRET_KEY" in done.stderr


def test_production_cookies_are_secure_httponly_and_samesite(production: dict[str, object]) -> None:
    assert production["DEBUG"] is False
    assert production["SESSION_COOKIE_SECURE"] is True
    assert production["SESSION_COOKIE_HTTPONLY"] is True
    assert production["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert production["CSRF_COOKIE_SECURE"] is True
    # No script reads the CSRF cookie (test.js takes the token from its form): HttpOnly costs nothing.
    assert production["CSRF_COOKIE_HTTPONLY"] is True
    assert production["CSRF_COOKIE_SAMESITE"] == "Lax"
    assert production["SECURE_SSL_REDIRECT"] is True
    assert int(production["SECURE_HSTS_SECONDS"]) >= 31_536_000  # type: ignore[call-overload]
    assert production["X_FRAME_OPTIONS"] == "DENY"


def test_the_cookies_a_login_sets_carry_the_production_flags(
    client: Client, member: User, production: dict[str, object], settings: object
) -> None:
    for name in ("SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "CSRF_COOKIE_HTTPONLY"):
        setattr(settings, name, production[name])
    client.get("/connexion/")
    response = client.post("/connexion/", {"username": "membre@centre.fr", "password": PASSWORD})
    assert response.status_code == 302
    session_cookie = response.cookies["sessionid"]
    assert session_cookie["secure"] is True
    assert session_cookie["httponly"] is True
    assert session_cookie["samesite"] == "Lax"
    csrf_cookie = response.cookies["csrftoken"]
    assert csrf_cookie["secure"] is True
    assert csrf_cookie["httponly"] is True
    assert csrf_cookie["samesite"] == "Lax"


PAGES = ["/connexion/", "/sessions/", "/certification/", "/surveillance/", "/verification/", "/mot-de-passe/oubli/"]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_has_a_strict_content_security_policy(url: str, member_client: Client) -> None:
    response = member_client.get(url, follow=True)
    assert response.status_code == 200
    policy = dict([*part.strip().split(" ", 1), ""][:2] for part in response["Content-Security-Policy"].split(";"))
    script_src = policy.get("script-src", policy["default-src"])
    assert "'unsafe-inline'" not in script_src
    assert "'unsafe-eval'" not in script_src
    assert "*" not in script_src.split()
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    # The page itself obeys: every script is a file.
    html = response.content.decode()
    for tag in re.findall(r"<script\b[^>]*>", html, flags=re.IGNORECASE):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert not INLINE_HANDLER.search(html)


INLINE_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.IGNORECASE)
TEMPLATE_DIRS = [BASE_DIR / "templates", *sorted(BASE_DIR.glob("*/templates"))]


def _templates() -> list[Path]:
    return [p for d in TEMPLATE_DIRS if ".venv" not in d.parts for p in sorted(d.rglob("*.html"))]


def test_it_scans_the_templates() -> None:
    assert len(_templates()) > 30


@pytest.mark.parametrize("path", _templates(), ids=lambda p: str(p.relative_to(BASE_DIR)))
def test_no_template_holds_an_inline_script_or_event_handler(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert not INLINE_SCRIPT.search(text), "inline <script>: move it to static/pixcertif/*.js"
    assert not INLINE_HANDLER.search(text), "inline event handler (onclick=…): use a static script"
    assert "javascript:" not in text.lower()


ADMIN_PAGES = [
    "/admin/",
    "/admin/sessions_app/session/",
    "/admin/candidates/candidate/",  # read-only: no add form (issue 17)
    "/admin/centres/calendarwindow/add/",  # a form with date widgets (a candidate is no longer added here)
    "/admin/accounts/user/add/",
]


def test_the_admin_obeys_the_same_policy(client: Client, db: None) -> None:
    from tests.accounts.factories import UserFactory

    client.force_login(UserFactory(email="chef@pix.fr", is_staff=True, is_superuser=True))
    for url in ADMIN_PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "'unsafe-inline'" not in response["Content-Security-Policy"].split("script-src", 1)[1].split(";")[0]
        html = response.content.decode()
        for tag in re.findall(r"<script\b[^>]*>", html, flags=re.IGNORECASE):
            assert "src=" in tag or "application/json" in tag, f"{url}: {tag}"
        assert not INLINE_HANDLER.search(html), url

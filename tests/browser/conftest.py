"""Browser journeys: Debian's Chromium driven by Playwright against pytest-django's ``live_server``.

See /work/shared/ENVIRONMENT.md: never ``playwright install`` (no network); a machine without
Chromium skips these tests with a visible reason, CI installs it so they always run there.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page

# Playwright's sync API runs an event loop in the test thread: Django must allow ORM calls there.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

BROWSER_DIR = Path(__file__).parent
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--lang=fr-FR",  # the browser's own widgets (date fields) in French, as on a school computer
]
DEFAULT_TIMEOUT_MS = 10_000
_PLAYWRIGHT_BASE_URL_WARNING = "Session-scoped fixtures defined as instance methods are deprecated"
# Screenshots for a human to look at; outside the repository on purpose.
SHOTS_DIR = Path(os.environ.get("PIXCERTIF_SHOTS_DIR", "/tmp/shots"))  # noqa: S108 (screenshots only)


def _chromium() -> str | None:
    return shutil.which("chromium")


def pytest_itemcollected(item: pytest.Item) -> None:
    # At collection, before any pytest_collection_modifyitems, where xdist's loadgroup reads
    # xdist_group to keep the browser tests on one worker. NB: with pytest 9.2 + xdist 3.8 loadgroup
    # groups nothing (pytest-dev/pytest-xdist#1386): the tests then spread over the workers, one
    # Chromium each, and still pass.
    if BROWSER_DIR in Path(item.path).parents:
        item.add_marker(pytest.mark.browser)
        item.add_marker(pytest.mark.xdist_group("browser"))
        # pytest-playwright 0.10's own base_url fixture (an instance method): not ours to fix.
        item.add_marker(pytest.mark.filterwarnings(f"ignore:{_PLAYWRIGHT_BASE_URL_WARNING}"))


@pytest.fixture(autouse=True)
def _require_chromium() -> None:
    # Before any other fixture (database, live server): the reason shows with -rs.
    if _chromium() is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium absent en CI : .ci/run doit l'installer, les parcours navigateur y sont obligatoires.")
        pytest.skip("Chromium absent : installez-le (apt-get install -y --no-install-recommends chromium)")


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict[str, Any]:
    executable = _chromium()
    if executable is None:
        pytest.skip("Chromium absent : installez-le (apt-get install -y --no-install-recommends chromium)")
    return {"executable_path": executable, "headless": True, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "locale": "fr-FR", "timezone_id": "Europe/Paris"}


@pytest.fixture
def context(context: BrowserContext) -> Iterator[BrowserContext]:
    """The test's browser context; fails the test when a page logs an error or throws.

    A blocked inline script (Content-Security-Policy), a missing static file or a broken
    pixcertif.js shows up as a console error: every journey checks that for free.
    """
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    errors: list[str] = []
    context.on("console", lambda message: errors.append(f"console : {message.text}") if message.type == "error" else None)
    context.on("weberror", lambda error: errors.append(f"exception : {error.error.stack or error.error}"))
    yield context
    if errors:
        pytest.fail("Erreurs dans le navigateur :\n" + "\n".join(errors), pytrace=False)


@pytest.fixture
def shots_dir() -> Path:
    SHOTS_DIR.mkdir(parents=True, exist_ok=True)
    return SHOTS_DIR


def login(page: Page, base_url: str, email: str, password: str) -> None:
    """Log in through the real login form (django-axes sees a real attempt)."""
    page.goto(f"{base_url}/connexion/")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe", exact=False).fill(password)
    page.get_by_role("button", name="Se connecter").click()

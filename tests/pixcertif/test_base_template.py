"""The page chrome (templates/base.html): what varies per page stays outside the cached fragments.

« Se connecter » carries the page to come back to; the centre staff's subtitle is not on the candidate's
pages; a user of no centre is never told « Vous n'êtes membre d'aucun centre »; /favicon.ico answers.
"""

from __future__ import annotations

import html
import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

TAGLINE = "Les sessions de certification Pix de votre centre"


def _page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return html.unescape(response.content.decode())


def _login_link(page: str) -> str:
    found = re.search(r'<a class="fr-btn fr-icon-lock-line" href="([^"]*)">Se connecter</a>', page)
    assert found, "pas de lien « Se connecter »"
    return found.group(1)


def test_se_connecter_brings_back_to_the_page_even_after_another_page_filled_the_cache(client: Client) -> None:
    # The first page fills the fragment cache; the second must still carry its own path.
    assert _login_link(_page(client, "/verification/")) == "/connexion/?next=/verification/"
    assert _login_link(_page(client, "/certification/")) == "/connexion/?next=/certification/"
    # The page, not its query string: a verification code or a token typed in the address stays out of the page.
    assert _login_link(_page(client, "/verification/?code=P-ABC")) == "/connexion/?next=/verification/"


def test_se_connecter_on_the_login_page_keeps_its_own_next(client: Client) -> None:
    assert _login_link(_page(client, "/connexion/?next=/sessions/")) == "/connexion/?next=/sessions/"
    assert _login_link(_page(client, "/connexion/")) == "/connexion/"


def test_the_candidates_pages_have_no_staff_subtitle(member_client: Client) -> None:
    assert TAGLINE in _page(member_client, "/sessions/")  # the centre space keeps it
    candidate = Client()
    candidate.force_login(UserFactory())
    for url in ("/certification/", "/mes-certificats/", "/"):
        page = _page(candidate, url)
        assert "fr-header__service-title" in page, url
        assert TAGLINE not in page, url
    assert TAGLINE in _page(member_client, "/sessions/")  # and the cache did not keep the candidate's version


def test_a_user_of_no_centre_is_never_told_he_is_member_of_none(client: Client) -> None:
    client.force_login(UserFactory())
    page = _page(client, "/")
    assert "Vous passez la certification Pix" in page
    assert "membre d'aucun centre" not in page
    assert "un administrateur du centre vous y invite" in page


def test_favicon_ico_leads_to_the_local_icon(client: Client) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/dsfr/dist/favicon/favicon.ico"
    assert finders.find("dsfr/dist/favicon/favicon.ico")
    page = _page(client, "/connexion/")
    assert 'rel="icon"' in page and "favicon.svg" in page

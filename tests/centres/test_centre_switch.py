from __future__ import annotations

import html

import pytest
from django.test import Client

from accounts.models import User
from centres.current import SESSION_KEY
from centres.models import CertificationCentre, Role
from tests.accounts.factories import UserFactory
from tests.centres.factories import CentreFactory, MembershipFactory
from tests.sessions_app.factories import SessionFactory


@pytest.fixture
def second_centre(admin: User) -> CertificationCentre:
    other = CentreFactory(name="Autre université")
    MembershipFactory(centre=other, user=admin, role=Role.MEMBER)
    return other


def test_it_works_in_the_first_centre_where_the_user_is_an_administrator(
    admin_client: Client, centre: CertificationCentre, second_centre: CertificationCentre
) -> None:
    SessionFactory(centre=centre, room="Salle d'ici")
    SessionFactory(centre=second_centre, room="Salle de là-bas")
    text = html.unescape(admin_client.get("/sessions/").content.decode())
    # « Autre université » sorts first, but there he is only a member (issue 15, item 2).
    assert "Salle d'ici" in text
    assert "Salle de là-bas" not in text


def test_it_switches_centre_and_shows_its_sessions(
    admin_client: Client, centre: CertificationCentre, second_centre: CertificationCentre
) -> None:
    SessionFactory(centre=centre, room="Salle d'ici")
    SessionFactory(centre=second_centre, room="Salle de là-bas")
    response = admin_client.post("/centre/changer/", {"centre": centre.pk}, follow=True)
    assert response.redirect_chain == [("/sessions/", 302)]
    text = html.unescape(response.content.decode())
    assert "Vous travaillez maintenant pour Université de test." in text
    assert "Salle d'ici" in text
    assert "Salle de là-bas" not in text
    assert admin_client.session[SESSION_KEY] == centre.pk


def test_it_follows_a_safe_next_only(
    admin_client: Client, centre: CertificationCentre, second_centre: CertificationCentre
) -> None:
    response = admin_client.post("/centre/changer/", {"centre": centre.pk, "next": "/centre/calendrier/"})
    assert response["Location"] == "/centre/calendrier/"
    response = admin_client.post("/centre/changer/", {"centre": centre.pk, "next": "https://evil.example/"})
    assert response["Location"] == "/sessions/"


def test_it_keeps_the_role_of_each_centre(
    admin_client: Client, centre: CertificationCentre, second_centre: CertificationCentre
) -> None:
    admin_client.post("/centre/changer/", {"centre": second_centre.pk})
    assert "Inviter un membre" not in admin_client.get("/centre/").content.decode()
    admin_client.post("/centre/changer/", {"centre": centre.pk})
    assert "Inviter un membre" in admin_client.get("/centre/").content.decode()


def test_it_refuses_to_switch_to_a_centre_of_someone_else(admin_client: Client, stranger: User) -> None:
    other = stranger.memberships.get().centre  # type: ignore[attr-defined]
    assert admin_client.post("/centre/changer/", {"centre": other.pk}).status_code == 404
    assert admin_client.post("/centre/changer/", {"centre": "abc"}).status_code == 404
    assert admin_client.session.get(SESSION_KEY) is None


def test_it_refuses_a_get(admin_client: Client, centre: CertificationCentre) -> None:
    assert admin_client.get("/centre/changer/").status_code == 405


def test_it_shows_a_page_to_a_user_without_centre(client: Client, db: None) -> None:
    client.force_login(UserFactory())
    response = client.get("/")
    assert response.status_code == 200
    assert client.get("/sessions/").status_code == 404


def test_it_sends_staff_without_centre_to_the_admin(client: Client, staff: User) -> None:
    client.force_login(staff)
    assert client.get("/")["Location"] == "/admin/"


def test_it_sends_a_member_home_to_the_sessions(member_client: Client) -> None:
    assert member_client.get("/")["Location"] == "/sessions/"

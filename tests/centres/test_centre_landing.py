"""Which centre a member of several centres works in, and a session link of another of his centres (issue 15, item 2)."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.test import Client

from accounts.models import User
from centres.current import default_membership
from centres.models import CertificationCentre, Membership, Role
from sessions_app.models import Session
from tests.accounts.factories import UserFactory
from tests.centres.factories import CentreFactory, MembershipFactory
from tests.sessions_app.factories import SessionFactory


@pytest.fixture
def teacher(db: None) -> User:
    """Member of « Annexe » (first by name), administrator of « Lycée Hugo », member of « Zola »."""
    user = UserFactory(email="prof@lycee.fr")
    for name, role in (("Annexe", Role.MEMBER), ("Lycée Hugo", Role.ADMIN), ("Zola", Role.MEMBER)):
        MembershipFactory(user=user, centre=CentreFactory(name=name), role=role)
    return user


def _centre(name: str) -> CertificationCentre:
    return CertificationCentre.objects.get(name=name)


def _text(client: Client, url: str) -> str:
    return html.unescape(client.get(url).content.decode())


def test_it_lands_on_the_first_centre_where_the_user_is_an_administrator(client: Client, teacher: User) -> None:
    SessionFactory(centre=_centre("Annexe"), room="Salle annexe")
    SessionFactory(centre=_centre("Lycée Hugo"), room="Salle Hugo")
    client.force_login(teacher)
    text = _text(client, "/sessions/")
    assert "Salle Hugo" in text and "Salle annexe" not in text


def test_it_lands_on_the_centre_last_used_at_the_next_login(client: Client, teacher: User) -> None:
    SessionFactory(centre=_centre("Zola"), room="Salle Zola")
    client.force_login(teacher)
    client.post("/centre/changer/", {"centre": _centre("Zola").pk})
    assert Membership.objects.get(user=teacher, centre__name="Zola").last_used_at is not None
    client.logout()
    fresh = Client()
    fresh.force_login(teacher)
    assert "Salle Zola" in _text(fresh, "/sessions/")


def test_it_falls_back_to_the_first_centre_by_name_without_any_administrator_role(db: None) -> None:
    user = UserFactory()
    for name in ("Brel", "Aragon"):
        MembershipFactory(user=user, centre=CentreFactory(name=name), role=Role.MEMBER)
    memberships = list(Membership.objects.filter(user=user).select_related("centre").order_by("centre__name"))
    chosen = default_membership(memberships)
    assert chosen is not None and chosen.centre.name == "Aragon"
    memberships[1].last_used_at = dt.datetime(2031, 1, 1, tzinfo=dt.UTC)
    chosen = default_membership(memberships)
    assert chosen is not None and chosen.centre.name == "Brel"


@pytest.mark.parametrize(
    "suffix", ["", "candidats/", "finalisation/", "documents/pv-incident/", "reporter/", "modifier/"]
)
def test_a_session_link_of_another_own_centre_says_which_centre_and_offers_to_switch(
    client: Client, teacher: User, suffix: str
) -> None:
    session = SessionFactory(centre=_centre("Zola"))
    client.force_login(teacher)
    response = client.get(f"/sessions/{session.pk}/{suffix}")
    assert response.status_code == 200
    text = html.unescape(response.content.decode())
    assert f"La session n° {session.pk} appartient au centre « Zola »." in text
    assert "Vous travaillez en ce moment pour « Lycée Hugo »." in text
    assert "Travailler pour « Zola »" in text
    assert f'name="next" value="/sessions/{session.pk}/{suffix}"' in text


def test_the_switch_button_opens_the_session(client: Client, teacher: User) -> None:
    session = SessionFactory(centre=_centre("Zola"), room="Salle Zola")
    client.force_login(teacher)
    response = client.post(
        "/centre/changer/", {"centre": _centre("Zola").pk, "next": f"/sessions/{session.pk}/"}, follow=True
    )
    assert response.redirect_chain == [(f"/sessions/{session.pk}/", 302)]
    assert "Salle Zola" in html.unescape(response.content.decode())


def test_a_post_to_a_session_of_another_own_centre_changes_nothing(client: Client, teacher: User) -> None:
    session = SessionFactory(centre=_centre("Zola"))
    client.force_login(teacher)
    response = client.post(f"/sessions/{session.pk}/supprimer/")
    assert response.status_code == 200
    assert Session.objects.filter(pk=session.pk).exists()
    # Not replayed after the switch: the session's page instead.
    assert f'name="next" value="/sessions/{session.pk}/"' in response.content.decode()


def test_a_stranger_still_gets_a_plain_not_found(stranger_client: Client, centre: CertificationCentre) -> None:
    session = SessionFactory(centre=centre)
    response = stranger_client.get(f"/sessions/{session.pk}/")
    assert response.status_code == 404
    assert "appartient au centre" not in response.content.decode()


def test_a_session_of_a_centre_the_user_left_is_not_found(client: Client, teacher: User) -> None:
    session = SessionFactory(centre=_centre("Zola"))
    Membership.objects.filter(user=teacher, centre__name="Zola").update(disabled_at=dt.datetime(2031, 1, 1, tzinfo=dt.UTC))
    client.force_login(teacher)
    assert client.get(f"/sessions/{session.pk}/").status_code == 404

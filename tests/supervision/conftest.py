from __future__ import annotations

import pytest
from django.test import Client

from accounts.models import User
from centres.models import CertificationCentre
from sessions_app.models import Session
from tests.accounts.factories import UserFactory
from tests.sessions_app.factories import SessionFactory


@pytest.fixture
def session(centre: CertificationCentre) -> Session:
    return SessionFactory(centre=centre, address="Lycée Victor Hugo", room="Salle 12", supervisor_password="B7KD3HMP")


@pytest.fixture
def supervisor(db: None) -> User:
    """A teacher with an account and no membership: the password of the session is what lets them in."""
    return UserFactory(email="surveillant@lycee.fr", first_name="Paul", last_name="Martin")


@pytest.fixture
def supervisor_client(client: Client, supervisor: User) -> Client:
    client.force_login(supervisor)
    return client


def open_portal(client: Client, session: Session) -> None:
    """Type the session number and password, as the supervisor does."""
    response = client.post("/surveillance/", {"session_number": str(session.pk), "session_password": session.password_display})
    assert response.status_code == 302, response.content.decode()[:500]


@pytest.fixture
def portal(supervisor_client: Client, session: Session) -> Client:
    """The supervisor's client, with the session opened."""
    open_portal(supervisor_client, session)
    return supervisor_client

from __future__ import annotations

import pytest
from django.test import Client

from centres.models import Role
from sessions_app.models import Session
from tests.accounts.factories import UserFactory
from tests.centres.factories import MembershipFactory, ScoCentreFactory
from tests.sessions_app.factories import SessionFactory


@pytest.fixture
def sco_admin(client: Client, db: None) -> tuple[Client, Session]:
    """A logged-in administrator of a lycée, and a session of that lycée."""
    centre = ScoCentreFactory(name="Lycée de test")
    membership = MembershipFactory(centre=centre, role=Role.ADMIN, user=UserFactory(email="admin@lycee.fr"))
    client.force_login(membership.user)
    return client, SessionFactory(centre=centre)

from __future__ import annotations

from django.test import Client

from tests.sessions_app.factories import SessionFactory


def test_it_lists_the_centre_sessions(admin_client: Client, centre: object) -> None:
    session = SessionFactory(centre=centre)
    response = admin_client.get("/sessions/")
    assert response.status_code == 200
    assert session.room in response.content.decode()

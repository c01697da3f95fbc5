"""« Espace surveillant »: session number + session password (DOMAIN.md §4), rate limited."""

from __future__ import annotations

import html

import pytest
from django.test import Client

from sessions_app.models import Session, SessionStatus
from supervision.views import SUPERVISED_SESSIONS
from tests.sessions_app.factories import SessionFactory
from tests.supervision.conftest import open_portal

WRONG_PAIR = "Le numéro de session et/ou le mot de passe saisis sont incorrects."


def _post(client: Client, number: object, password: str) -> str:
    response = client.post("/surveillance/", {"session_number": str(number), "session_password": password})
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_it_shows_the_form_to_a_logged_in_user(supervisor_client: Client) -> None:
    page = html.unescape(supervisor_client.get("/surveillance/").content.decode())
    for text in ("Espace surveillant", "Numéro de session", "Mot de passe de session", "Surveiller la session"):
        assert text in page


def test_it_sends_a_logged_out_visitor_to_the_login_page(client: Client, db: None) -> None:
    response = client.get("/surveillance/")
    assert response.status_code == 302
    assert response["Location"] == "/connexion/?next=/surveillance/"


@pytest.mark.parametrize("typed", ["C-B7KD3HMP", "B7KD3HMP", "c-b7kd3hmp", "b7kd3hmp", " C-B7KD 3HMP "])
def test_it_accepts_the_password_with_or_without_its_prefix_in_any_case(
    supervisor_client: Client, session: Session, typed: str
) -> None:
    response = supervisor_client.post("/surveillance/", {"session_number": f" {session.pk} ", "session_password": typed})
    assert response.status_code == 302
    assert response["Location"] == f"/surveillance/sessions/{session.pk}/"
    assert supervisor_client.session[SUPERVISED_SESSIONS] == [session.pk]


@pytest.mark.parametrize(
    "number, password",
    [
        ("{pk}", "C-B7KD3HMQ"),  # wrong password
        ("{other}", "C-B7KD3HMP"),  # right password, another session
        ("999999", "C-B7KD3HMP"),  # no such session
        ("abc", "C-B7KD3HMP"),  # not a number
        ("１２", "C-B7KD3HMP"),  # full-width digits
        ("{pk}", "C-"),
    ],
)
def test_it_answers_the_same_to_every_wrong_pair(
    supervisor_client: Client, session: Session, number: str, password: str
) -> None:
    other = SessionFactory(centre=session.centre)
    page = _post(supervisor_client, number.format(pk=session.pk, other=other.pk), password)
    assert WRONG_PAIR in page
    assert SUPERVISED_SESSIONS not in supervisor_client.session


def test_it_says_which_field_is_missing(supervisor_client: Client) -> None:
    page = _post(supervisor_client, "", "")
    assert "Veuillez indiquer le numéro de session." in page
    assert "Veuillez indiquer le mot de passe de session." in page


@pytest.mark.parametrize("status", [SessionStatus.FINALISED, SessionStatus.IN_PROCESS, SessionStatus.PROCESSED])
def test_it_opens_only_created_sessions(supervisor_client: Client, session: Session, status: str) -> None:
    session.status = status
    session.save()
    assert WRONG_PAIR in _post(supervisor_client, session.pk, session.password_display)


def test_it_remembers_several_sessions_and_lists_them(supervisor_client: Client, session: Session) -> None:
    other = SessionFactory(centre=session.centre, room="Amphi B")
    open_portal(supervisor_client, session)
    open_portal(supervisor_client, other)
    open_portal(supervisor_client, session)
    assert supervisor_client.session[SUPERVISED_SESSIONS] == [other.pk, session.pk]
    page = html.unescape(supervisor_client.get("/surveillance/").content.decode())
    assert f"Session n° {other.pk} — Amphi B" in page
    assert f'href="/surveillance/sessions/{session.pk}/"' in page


class TestThrottle:
    def test_it_locks_the_session_number_after_ten_failures(self, supervisor_client: Client, session: Session) -> None:
        for _attempt in range(10):
            assert WRONG_PAIR in _post(supervisor_client, session.pk, "C-WRONG")
        # Locked: even the right password is refused now, without saying whether it was right.
        page = _post(supervisor_client, session.pk, session.password_display)
        assert "Trop de tentatives pour cette session. Réessayez à " in page
        assert SUPERVISED_SESSIONS not in supervisor_client.session

    def test_it_counts_by_number_as_typed_so_another_session_stays_open(
        self, supervisor_client: Client, session: Session
    ) -> None:
        other = SessionFactory(centre=session.centre)
        for _attempt in range(10):
            _post(supervisor_client, other.pk, "C-WRONG")
        open_portal(supervisor_client, session)

    def test_it_forgets_the_failures_after_a_success(self, supervisor_client: Client, session: Session) -> None:
        for _attempt in range(9):
            _post(supervisor_client, session.pk, "C-WRONG")
        open_portal(supervisor_client, session)
        for _attempt in range(9):
            _post(supervisor_client, session.pk, "C-WRONG")
        open_portal(supervisor_client, session)

    def test_it_throttles_unknown_numbers_too(self, supervisor_client: Client, db: None) -> None:
        for _attempt in range(10):
            _post(supervisor_client, "424242", "C-WRONG")
        assert "Trop de tentatives" in _post(supervisor_client, "424242", "C-WRONG")

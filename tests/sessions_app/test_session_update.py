from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from accounts.models import User
from centres.models import CertificationCentre
from sessions_app.models import Session, SessionEvent, SessionStatus
from sessions_app.services import SessionError, session_update
from tests.centres.factories import CalendarWindowFactory, ScoCentreFactory
from tests.sessions_app.factories import SessionFactory

NOW = dt.datetime(2031, 1, 20, 8, 30, tzinfo=dt.UTC)


@pytest.fixture
def session(centre: CertificationCentre) -> Session:
    return SessionFactory(centre=centre, date=dt.date(2031, 2, 3), time=dt.time(9, 0), room="Salle 1")


def test_it_changes_the_information_and_records_what_changed(session: Session, admin: User) -> None:
    session_update(session=session, by=admin, now=NOW, room="Salle 2", supervisors="Mme Durand, M. Petit")
    session.refresh_from_db()
    assert (session.room, session.supervisors, session.updated_at) == ("Salle 2", "Mme Durand, M. Petit", NOW)
    event = SessionEvent.objects.get(session=session, kind="session.updated")
    assert event.actor == admin
    assert event.at == NOW
    assert event.data["changes"] == {"room": ["Salle 1", "Salle 2"], "supervisors": ["Mme Durand", "Mme Durand, M. Petit"]}


def test_it_moves_the_finalisation_deadline_with_the_date(session: Session, admin: User) -> None:
    session_update(session=session, by=admin, now=NOW, date=dt.date(2031, 2, 10), time=dt.time(14, 0))
    session.refresh_from_db()
    assert session.finalisation_due_at == dt.datetime(2031, 2, 12, 13, 0, tzinfo=dt.UTC)


def test_it_writes_nothing_when_nothing_changed(session: Session, admin: User) -> None:
    updated_at = session.updated_at
    session_update(session=session, by=admin, now=NOW, room=session.room, date=session.date)
    session.refresh_from_db()
    assert session.updated_at == updated_at
    assert not SessionEvent.objects.filter(kind="session.updated").exists()


@pytest.mark.parametrize("status", [SessionStatus.FINALISED, SessionStatus.IN_PROCESS, SessionStatus.PROCESSED])
def test_it_refuses_to_edit_a_finalised_session(session: Session, admin: User, status: str) -> None:
    Session.objects.filter(pk=session.pk).update(status=status)
    with pytest.raises(SessionError, match=re.escape("La session est finalisée : elle ne peut plus être modifiée.")):
        session_update(session=session, by=admin, now=NOW, room="Ailleurs")
    session.refresh_from_db()
    assert session.room == "Salle 1"
    assert not SessionEvent.objects.filter(kind="session.updated").exists()


def test_it_sees_a_finalisation_done_since_the_page_was_loaded(session: Session, admin: User) -> None:
    stale = Session.objects.get(pk=session.pk)
    Session.objects.filter(pk=session.pk).update(status=SessionStatus.FINALISED)
    with pytest.raises(SessionError):
        session_update(session=stale, by=admin, now=NOW, room="Ailleurs")


def test_it_refuses_fields_that_are_not_editable(session: Session, admin: User) -> None:
    with pytest.raises(ValueError, match="access_code"):
        session_update(session=session, by=admin, now=NOW, access_code="BBBB22")


def test_it_checks_the_calendar_when_the_date_changes(admin: User) -> None:
    CalendarWindowFactory(sco_subtype="lycee")
    lycee = ScoCentreFactory()
    session = SessionFactory(centre=lycee, date=dt.date(2031, 2, 3))
    with pytest.raises(SessionError) as error:
        session_update(session=session, by=admin, now=NOW, date=dt.date(2031, 9, 1))
    assert error.value.field == "date"
    session.refresh_from_db()
    assert session.date == dt.date(2031, 2, 3)


# --- the page ---------------------------------------------------------------------------------


def _post(session: Session, **changes: str) -> dict[str, str]:
    data = {
        "address": session.address, "room": session.room, "date": session.date.isoformat(),
        "time": session.time.strftime("%H:%M"), "supervisors": session.supervisors, "description": "",
    }
    return {**data, **changes}


def test_it_shows_the_form_filled_in(member_client: Client, session: Session) -> None:
    response = member_client.get(f"/sessions/{session.pk}/modifier/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="Salle 1"' in html
    assert 'value="2031-02-03"' in html
    assert 'value="09:00"' in html


def test_it_saves_the_changes_and_goes_back_to_the_session(member_client: Client, session: Session) -> None:
    response = member_client.post(f"/sessions/{session.pk}/modifier/", _post(session, room="Salle 9"))
    assert response.status_code == 302
    assert response["Location"] == f"/sessions/{session.pk}/"
    session.refresh_from_db()
    assert session.room == "Salle 9"


def test_it_shows_the_french_required_messages(member_client: Client, session: Session) -> None:
    blank = dict.fromkeys(("address", "room", "date", "time", "supervisors"), "")
    response = member_client.post(f"/sessions/{session.pk}/modifier/", _post(session, **blank))
    assert response.status_code == 200
    html = response.content.decode()
    for message in (
        "Veuillez indiquer un nom de site.", "Veuillez indiquer un nom de salle.", "Veuillez indiquer une date de début.",
        "Veuillez indiquer une heure de début.", "Veuillez indiquer un(e) surveillant(e).",
    ):
        assert message in html


def test_it_shows_why_a_finalised_session_cannot_be_edited(member_client: Client, session: Session) -> None:
    Session.objects.filter(pk=session.pk).update(status=SessionStatus.FINALISED)
    response = member_client.post(f"/sessions/{session.pk}/modifier/", _post(session, room="Salle 9"))
    assert response.status_code == 200
    assert "La session est finalisée : elle ne peut plus être modifiée." in response.content.decode()

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from accounts.models import User
from centres.models import CertificationCentre
from sessions_app.models import Session, SessionEvent, SessionStatus
from sessions_app.services import SessionError, session_postpone
from tests.centres.factories import CalendarWindowFactory, ScoCentreFactory
from tests.sessions_app.factories import SessionFactory

NOW = dt.datetime(2031, 2, 3, 10, 15, tzinfo=dt.UTC)
NEW_DAY = dt.date(2031, 2, 10)


@pytest.fixture
def session(centre: CertificationCentre) -> Session:
    return SessionFactory(
        centre=centre, date=dt.date(2031, 2, 3), time=dt.time(9, 0), address="Site", room="Salle 3",
        supervisors="Mme Durand", description="Coupure de courant", started_at=NOW,
    )


def test_it_creates_a_new_session_with_new_codes(session: Session, admin: User) -> None:
    new = session_postpone(session=session, by=admin, date=NEW_DAY, time=dt.time(14, 0), now=NOW)
    assert new.pk != session.pk
    assert (new.date, new.time) == (NEW_DAY, dt.time(14, 0))
    assert (new.centre, new.address, new.room, new.supervisors, new.description) == (
        session.centre, "Site", "Salle 3", "Mme Durand", "Coupure de courant",
    )
    assert new.supervisor_password != session.supervisor_password
    assert new.status == SessionStatus.CREATED
    assert new.started_at is None
    assert new.finalisation_due_at == dt.datetime(2031, 2, 12, 13, 0, tzinfo=dt.UTC)


def test_it_links_the_new_session_to_the_old_one(session: Session, admin: User) -> None:
    new = session_postpone(session=session, by=admin, date=NEW_DAY, time=dt.time(14, 0), now=NOW)
    assert new.postponed_from == session
    assert list(session.postponements.all()) == [new]
    session.refresh_from_db()
    assert session.status == SessionStatus.CREATED  # still to be finalised for those who finished


def test_it_records_the_postponement_on_both_sessions(session: Session, admin: User) -> None:
    new = session_postpone(session=session, by=admin, date=NEW_DAY, time=dt.time(14, 0), now=NOW)
    old_event = SessionEvent.objects.get(session=session)
    assert (old_event.kind, old_event.actor, old_event.at, old_event.data) == (
        "session.postponed", admin, NOW, {"new_session": new.pk},
    )
    assert SessionEvent.objects.get(session=new).kind == "session.created"


def test_it_refuses_to_postpone_a_finalised_session(session: Session, admin: User) -> None:
    Session.objects.filter(pk=session.pk).update(status=SessionStatus.FINALISED)
    with pytest.raises(SessionError, match=re.escape("Seule une session qui n'est pas encore finalisée peut être reportée.")):
        session_postpone(session=session, by=admin, date=NEW_DAY, time=dt.time(14, 0), now=NOW)
    assert Session.objects.count() == 1


def test_it_checks_the_calendar_for_the_new_date(admin: User) -> None:
    CalendarWindowFactory(sco_subtype="lycee")
    session = SessionFactory(centre=ScoCentreFactory(), date=dt.date(2031, 5, 19))
    with pytest.raises(SessionError) as error:
        session_postpone(session=session, by=admin, date=dt.date(2031, 6, 2), time=dt.time(9, 0), now=NOW)
    assert error.value.field == "date"
    assert Session.objects.count() == 1
    assert not SessionEvent.objects.exists()


# --- the page ---------------------------------------------------------------------------------


def test_it_shows_the_postpone_form(member_client: Client, session: Session) -> None:
    response = member_client.get(f"/sessions/{session.pk}/reporter/")
    assert response.status_code == 200
    assert "Nouvelle date" in response.content.decode()


def test_it_postpones_and_shows_the_new_session(member_client: Client, session: Session) -> None:
    response = member_client.post(
        f"/sessions/{session.pk}/reporter/", {"date": "2031-02-10", "time": "14:00"}, follow=True
    )
    new = Session.objects.exclude(pk=session.pk).get()
    assert response.redirect_chain == [(f"/sessions/{new.pk}/", 302)]
    html = response.content.decode()
    assert f"La session n° {session.pk} a été reportée : voici la nouvelle session n° {new.pk}" in html
    assert new.access_code in html
    assert f"Cette session remplace la session n° {session.pk}, reportée." in html


def test_it_asks_for_the_new_date_and_time_in_french(member_client: Client, session: Session) -> None:
    response = member_client.post(f"/sessions/{session.pk}/reporter/", {"date": "", "time": ""})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "date": ["Veuillez indiquer une date de début."], "time": ["Veuillez indiquer une heure de début."],
    }
    assert Session.objects.count() == 1

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from accounts.models import User
from candidates.models import Candidate
from centres.models import CertificationCentre
from certification.models import CertificationCourse
from certification.services import CertificationError, course_join
from sessions_app import services
from sessions_app.models import Session, SessionEvent, SessionStatus
from sessions_app.services import SessionError, session_create, session_delete, session_mark_started
from tests.accounts.factories import UserFactory
from tests.candidates.factories import CandidateFactory
from tests.sessions_app.factories import SessionFactory

NOW = dt.datetime(2031, 1, 20, 8, 30, tzinfo=dt.UTC)


@pytest.fixture
def session(centre: CertificationCentre) -> Session:
    return SessionFactory(centre=centre, date=dt.date(2031, 2, 3), time=dt.time(9, 0), room="Salle 12")


def test_it_deletes_a_session_nobody_started_and_returns_its_number(session: Session, admin: User) -> None:
    number = session.pk
    CandidateFactory(session=session)
    assert session_delete(session=session, by=admin, now=NOW) == number
    assert not Session.objects.filter(pk=number).exists()


def test_it_keeps_the_audit_rows_of_a_deleted_session(centre: CertificationCentre, admin: User) -> None:
    session = session_create(
        centre=centre, by=admin, now=NOW, address="Site", room="Salle 12", date=dt.date(2031, 2, 3),
        time=dt.time(9, 0), supervisors="Mme Durand",
    )
    number = session.pk
    session_delete(session=session, by=admin, now=NOW)
    events = SessionEvent.objects.filter(session_number=number).order_by("id")
    assert [e.kind for e in events] == ["session.created", "session.deleted"]
    deleted = events.last()
    assert deleted is not None
    assert deleted.session is None
    assert deleted.actor == admin
    assert deleted.centre == centre
    assert deleted.data == {
        "date": "2031-02-03",
        "time": "09:00:00",
        "address": "Site",
        "room": "Salle 12",
        "candidates": 0,
    }


def test_it_refuses_to_delete_a_started_session(session: Session, admin: User) -> None:
    session_mark_started(session=session, now=NOW)
    with pytest.raises(SessionError, match="^" + re.escape("La session a déjà commencé : un candidat est entré en test, elle ne peut plus être supprimée.") + "$"):
        session_delete(session=session, by=admin, now=NOW)
    assert Session.objects.filter(pk=session.pk).exists()
    assert not SessionEvent.objects.filter(kind="session.deleted").exists()


def test_it_refuses_to_delete_a_finalised_session(session: Session, admin: User) -> None:
    Session.objects.filter(pk=session.pk).update(status=SessionStatus.FINALISED)
    with pytest.raises(SessionError, match=re.escape("La session est finalisée : elle ne peut plus être supprimée.")):
        session_delete(session=session, by=admin, now=NOW)


def test_it_sees_a_start_that_happened_after_the_page_was_loaded(session: Session, admin: User) -> None:
    stale = Session.objects.get(pk=session.pk)
    session_mark_started(session=session, now=NOW)
    with pytest.raises(SessionError):
        session_delete(session=stale, by=admin, now=NOW)


def test_it_refuses_a_second_delete_of_the_same_session(session: Session, admin: User) -> None:
    # Two clicks (or two people) at once: the second finds nothing left to delete.
    stale = Session.objects.get(pk=session.pk)
    session_delete(session=session, by=admin, now=NOW)
    with pytest.raises(SessionError, match=re.escape("Cette session a déjà été supprimée.")):
        session_delete(session=stale, by=admin, now=NOW)
    assert SessionEvent.objects.filter(kind="session.deleted").count() == 1


# --- the page ---------------------------------------------------------------------------------


def test_it_asks_for_confirmation_naming_the_session_and_its_candidates(member_client: Client, session: Session) -> None:
    CandidateFactory.create_batch(3, session=session)
    response = member_client.get(f"/sessions/{session.pk}/supprimer/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f"La session n° {session.pk} du 03/02/2031 à 09:00 ({session.address}, Salle 12) et ses 3 candidats inscrits" in html
    assert "salle Salle" not in html
    assert Session.objects.filter(pk=session.pk).exists()


def test_it_names_a_single_candidate_in_the_singular(member_client: Client, session: Session) -> None:
    CandidateFactory(session=session)
    html = member_client.get(f"/sessions/{session.pk}/supprimer/").content.decode()
    assert "et son candidat inscrit seront supprimés" in html


def test_it_says_an_empty_session_has_no_candidate(member_client: Client, session: Session) -> None:
    html = member_client.get(f"/sessions/{session.pk}/supprimer/").content.decode()
    assert f"La session n° {session.pk} du 03/02/2031 à 09:00 ({session.address}, Salle 12), sans candidat inscrit, sera supprimée." in html
    assert "son candidat" not in html


def test_it_offers_no_confirmation_for_a_started_session_and_says_why(member_client: Client, session: Session) -> None:
    session_mark_started(session=session, now=NOW)
    html = member_client.get(f"/sessions/{session.pk}/supprimer/").content.decode()
    assert "un candidat est entré en test, elle ne peut plus être supprimée." in html
    assert "Cette action est définitive" not in html
    assert ">Supprimer la session</button>" not in html
    detail = member_client.get(f"/sessions/{session.pk}/").content.decode()
    assert f"/sessions/{session.pk}/supprimer/" not in detail
    assert "un candidat est entré en test, elle ne peut plus être supprimée." in detail


def test_it_offers_no_confirmation_for_a_finalised_session(member_client: Client, session: Session) -> None:
    Session.objects.filter(pk=session.pk).update(status=SessionStatus.FINALISED)
    html = member_client.get(f"/sessions/{session.pk}/supprimer/").content.decode()
    assert "La session est finalisée : elle ne peut plus être supprimée." in html
    assert ">Supprimer la session</button>" not in html


def test_it_deletes_on_confirmation(member_client: Client, session: Session, member: User) -> None:
    number = session.pk
    response = member_client.post(f"/sessions/{number}/supprimer/", follow=True)
    assert response.redirect_chain == [("/sessions/", 302)]
    assert f"La session n° {number} a été supprimée." in response.content.decode()
    assert not Session.objects.filter(pk=number).exists()
    assert SessionEvent.objects.get(session_number=number, kind="session.deleted").actor == member


def test_it_explains_why_a_started_session_stays(member_client: Client, session: Session) -> None:
    session_mark_started(session=session, now=NOW)
    response = member_client.post(f"/sessions/{session.pk}/supprimer/", follow=True)
    assert response.redirect_chain == [(f"/sessions/{session.pk}/", 302)]
    assert "La session a déjà commencé : un candidat est entré en test" in response.content.decode()
    assert Session.objects.filter(pk=session.pk).exists()


def test_it_answers_a_second_delete_with_not_found(member_client: Client, session: Session) -> None:
    member_client.post(f"/sessions/{session.pk}/supprimer/")
    assert member_client.post(f"/sessions/{session.pk}/supprimer/").status_code == 404


def test_it_answers_with_a_message_when_the_session_vanishes_during_the_request(
    member_client: Client, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The race of two deletes: the other one wins between our fetch and our service call (the real
    # service still runs; only the moment of the other delete is forced).
    real_delete = services.session_delete

    def delete_after_the_other_one(**kwargs: object) -> int:
        Session.objects.filter(pk=session.pk).delete()
        return real_delete(**kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(services, "session_delete", delete_after_the_other_one)
    response = member_client.post(f"/sessions/{session.pk}/supprimer/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain == [("/sessions/", 302)]
    assert "Cette session a déjà été supprimée." in response.content.decode()


# --- enrolled candidates who have not started (issue 16: tried) -------------------------------


def test_it_deletes_a_session_whose_enrolled_candidates_joined_but_did_not_start(
    member_client: Client, session: Session, member: User
) -> None:
    # DOMAIN.md §2: deleting is allowed while no candidate has started — joined, even with the presence
    # confirmed, is not started. The candidates go with the session; their accounts and the roster stay.
    Session.objects.filter(pk=session.pk).update(access_code="KBPM47")
    enrolled = CandidateFactory(session=session)
    account = UserFactory()
    joined = CandidateFactory(
        session=session,
        first_name="Léa",
        last_name="Dupont",
        birthdate=dt.date(2008, 3, 14),
        user=account,
        joined_at=NOW,
        authorized_to_start_until=NOW + dt.timedelta(minutes=15),
    )
    number = session.pk
    response = member_client.post(f"/sessions/{number}/supprimer/", follow=True)
    assert response.redirect_chain == [("/sessions/", 302)]
    assert not Candidate.objects.filter(pk__in=[enrolled.pk, joined.pk]).exists()
    assert User.objects.filter(pk=account.pk).exists()
    event = SessionEvent.objects.get(session_number=number, kind="session.deleted")
    assert event.data["candidates"] == 2 and "Dupont" not in str(event.data)
    # The candidate who had joined, still on the join page, gets the one answer for an unknown session.
    with pytest.raises(CertificationError, match="Le numéro de session et/ou le code d'accès saisis sont incorrects"):
        course_join(
            user=account,
            session_number=str(number),
            access_code="KBPM47",
            first_name="Léa",
            last_name="Dupont",
            birthdate=dt.date(2008, 3, 14),
        )
    assert not CertificationCourse.objects.exists()


def test_it_keeps_a_session_once_one_enrolled_candidate_started(session: Session, admin: User) -> None:
    CandidateFactory.create_batch(2, session=session)
    session_mark_started(session=session, now=NOW)  # what starting a test does, under the session's lock
    with pytest.raises(SessionError, match=re.escape("La session a déjà commencé : un candidat est entré en test")):
        session_delete(session=session, by=admin, now=NOW)
    assert Candidate.objects.filter(session=session).count() == 2

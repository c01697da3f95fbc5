from __future__ import annotations

import datetime as dt
import re

import pytest

from accounts.models import User
from candidates.models import Candidate
from candidates.services import CandidateError, candidate_create, identity_key
from centres.models import CertificationCentre
from sessions_app.models import Session, SessionEvent, SessionStatus
from tests.sessions_app.factories import SessionFactory

NOW = dt.datetime(2031, 1, 20, 8, 30, tzinfo=dt.UTC)
BIRTHDATE = dt.date(2008, 3, 14)
DUPLICATE = "Ce candidat est déjà dans la liste, vous ne pouvez pas l'ajouter à nouveau."


@pytest.fixture
def session(centre: CertificationCentre) -> Session:
    return SessionFactory(centre=centre)


def _create(session: Session, first_name: str = "Léa", last_name: str = "Dupont", **extra: object) -> Candidate:
    fields = {"sex": "F", "birthdate": BIRTHDATE, **extra}
    return candidate_create(session=session, by=None, first_name=first_name, last_name=last_name, now=NOW, **fields)  # type: ignore[arg-type]


def test_it_enrols_a_candidate_and_records_it(session: Session, admin: User) -> None:
    candidate = candidate_create(
        session=session, by=admin, first_name=" Léa ", last_name="Dupont ", sex="F", birthdate=BIRTHDATE,
        external_id="E-12", extra_time_percentage=33, convocation_email="lea@exemple.fr", now=NOW,
    )
    assert (candidate.first_name, candidate.last_name, candidate.extra_time_percentage) == ("Léa", "Dupont", 33)
    assert candidate.identity_key == "LEA|DUPONT|2008-03-14"
    event = SessionEvent.objects.get(session=session)
    assert (event.kind, event.actor, event.at) == ("candidate.enrolled", admin, NOW)
    assert event.data == {"candidate": candidate.pk, "name": "Léa Dupont"}


@pytest.mark.parametrize(
    ("first_name", "last_name"),
    [("LEA", "  dupont"), ("lea", "DUPONT"), ("Léa", "Du-Pont"), ("LÉA ", "dupont")],
)
def test_it_refuses_the_same_person_spelt_differently(session: Session, first_name: str, last_name: str) -> None:
    _create(session)
    with pytest.raises(CandidateError) as error:
        _create(session, first_name, last_name)
    assert error.value.message == DUPLICATE
    assert session.candidates.count() == 1
    assert SessionEvent.objects.filter(kind="candidate.enrolled").count() == 1


def test_it_refuses_lea_dupont_typed_in_capitals_with_two_spaces(session: Session) -> None:
    candidate_create(session=session, by=None, first_name="Léa", last_name="Dupont", sex="F", birthdate=BIRTHDATE)
    with pytest.raises(CandidateError, match=DUPLICATE):
        candidate_create(session=session, by=None, first_name="LEA", last_name=" dupont", sex="F", birthdate=BIRTHDATE)
    assert identity_key("Léa Dupont", "", BIRTHDATE) == identity_key("LEA  dupont", "", BIRTHDATE)


def test_it_accepts_a_namesake_born_another_day(session: Session) -> None:
    _create(session)
    assert _create(session, birthdate=dt.date(2008, 3, 15)).pk


def test_it_accepts_the_same_person_in_another_session(session: Session, centre: CertificationCentre) -> None:
    _create(session)
    assert _create(SessionFactory(centre=centre)).pk


def test_it_refuses_to_enrol_in_a_finalised_session(session: Session) -> None:
    Session.objects.filter(pk=session.pk).update(status=SessionStatus.FINALISED)
    with pytest.raises(CandidateError, match=re.escape("La session est finalisée : il n'est plus possible d'inscrire des candidats.")):
        _create(session)
    assert not Candidate.objects.exists()

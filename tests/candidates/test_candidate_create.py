from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from accounts.models import User
from candidates.models import BillingMode, Candidate
from candidates.services import CandidateData, CandidateError, candidate_create, identity_key
from centres.models import CertificationCentre
from sessions_app.models import Session, SessionEvent, SessionStatus
from tests.candidates.factories import BirthCountryFactory, BirthplaceCommuneFactory, candidate_data
from tests.sessions_app.factories import SessionFactory

NOW = dt.datetime(2031, 1, 20, 8, 30, tzinfo=dt.UTC)
BIRTHDATE = dt.date(2008, 3, 14)
DUPLICATE = "Ce candidat est déjà dans la liste, vous ne pouvez pas l'ajouter à nouveau."


@pytest.fixture
def session(centre: CertificationCentre) -> Session:
    BirthplaceCommuneFactory()
    return SessionFactory(centre=centre)


def _create(session: Session, first_name: str = "Léa", last_name: str = "Dupont", **extra: object) -> Candidate:
    return candidate_create(
        session=session, by=None, data=candidate_data(first_name=first_name, last_name=last_name, **extra), now=NOW
    )


def test_it_enrols_a_candidate_and_records_it(session: Session, admin: User) -> None:
    data = candidate_data(
        first_name=" Léa ", last_name="Dupont ", external_id="E-12", extra_time_percentage=33,
        convocation_email="lea@exemple.fr", billing_mode=BillingMode.PREPAID, prepayment_code="PRE-1",
    )
    candidate = candidate_create(session=session, by=admin, data=data, now=NOW)
    assert (candidate.first_name, candidate.last_name, candidate.extra_time_percentage) == ("Léa", "Dupont", 33)
    assert (candidate.billing_mode, candidate.prepayment_code) == (BillingMode.PREPAID, "PRE-1")
    assert (candidate.birth_insee_code, candidate.birth_city, candidate.birth_country) == ("75056", "Paris", "FRANCE")
    assert candidate.identity_key == "LEA|DUPONT|2008-03-14"
    event = SessionEvent.objects.get(session=session)
    assert (event.kind, event.actor, event.at) == ("candidate.enrolled", admin, NOW)
    assert event.data == {"candidate": candidate.pk, "name": "Léa Dupont"}


def test_it_stores_the_birthplace_found_by_postal_code_and_city(session: Session) -> None:
    candidate = _create(session, birth_insee_code="", birth_postal_code="75001", birth_city="  PARIS ")
    assert (candidate.birth_insee_code, candidate.birth_postal_code, candidate.birth_city) == ("75056", "75001", "Paris")


def test_it_stores_a_birthplace_abroad(session: Session) -> None:
    BirthCountryFactory(insee_code="99109", name="ALLEMAGNE")
    candidate = _create(session, birth_insee_code="", birth_country="Allemagne", birth_city="Berlin")
    assert (candidate.birth_country, candidate.birth_insee_code, candidate.birth_city) == ("ALLEMAGNE", "99109", "Berlin")


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
    _create(session)
    with pytest.raises(CandidateError, match=DUPLICATE):
        _create(session, "LEA", " dupont")
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


def test_it_raises_the_first_error_with_its_field_and_keeps_them_all(session: Session) -> None:
    data = dataclasses.replace(candidate_data(), first_name="", billing_mode="")
    with pytest.raises(CandidateError) as error:
        candidate_create(session=session, by=None, data=data)
    assert (error.value.field, error.value.message) == ("first_name", "Veuillez indiquer un prénom.")
    assert [field for field, _message in error.value.errors] == ["first_name", "billing_mode"]
    assert not Candidate.objects.exists()
    assert not SessionEvent.objects.exists()


def test_it_takes_typed_input(session: Session) -> None:
    assert {f.name for f in dataclasses.fields(CandidateData)} >= {"student_id", "prepayment_code", "birth_city"}

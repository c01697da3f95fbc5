"""candidate_join: the candidate of the session with this identity, linked to the account (DOMAIN.md §4)."""

from __future__ import annotations

import datetime as dt

import pytest

from candidates.services import CandidateError, candidate_join
from sessions_app.models import SessionEvent, SessionStatus
from tests.accounts.factories import UserFactory
from tests.candidates.factories import CandidateFactory
from tests.centres.factories import ScoCentreFactory, StudentFactory
from tests.sessions_app.factories import SessionFactory

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2024, 3, 12, 9, 0, tzinfo=dt.UTC)
BIRTHDATE = dt.date(2008, 3, 14)
NO_MATCH = "Les informations saisies ne correspondent à aucun candidat inscrit à la session."


@pytest.fixture
def candidate() -> object:
    return CandidateFactory(first_name="Léa-Marie", last_name="N'Guyen Dupré", birthdate=BIRTHDATE)


def test_it_links_the_account_on_normalised_names_and_exact_birthdate(candidate: object) -> None:
    user = UserFactory()
    joined = candidate_join(
        session=candidate.session,
        user=user,
        first_name=" lea marie ",
        last_name="NGUYEN-DUPRE",
        birthdate=BIRTHDATE,
        now=T0,
    )
    assert joined.pk == candidate.pk
    assert (joined.user, joined.joined_at) == (user, T0)
    event = SessionEvent.objects.get(kind="candidate.joined")
    assert (event.actor, event.data["candidate"]) == (user, candidate.pk)


def test_it_is_idempotent_for_the_same_account(candidate: object) -> None:
    user = UserFactory()
    data = {"first_name": "Léa-Marie", "last_name": "N'Guyen Dupré", "birthdate": BIRTHDATE}
    candidate_join(session=candidate.session, user=user, now=T0, **data)
    again = candidate_join(session=candidate.session, user=user, now=T0 + dt.timedelta(hours=1), **data)
    assert again.joined_at == T0
    assert SessionEvent.objects.filter(kind="candidate.joined").count() == 1


@pytest.mark.parametrize(
    ("first_name", "last_name", "birthdate"),
    [
        ("Léa", "N'Guyen Dupré", BIRTHDATE),
        ("Léa-Marie", "Nguyen", BIRTHDATE),
        ("Léa-Marie", "N'Guyen Dupré", dt.date(2008, 3, 15)),
    ],
)
def test_it_refuses_an_identity_that_matches_nobody(
    candidate: object, first_name: str, last_name: str, birthdate: dt.date
) -> None:
    with pytest.raises(CandidateError, match=NO_MATCH):
        candidate_join(
            session=candidate.session,
            user=UserFactory(),
            first_name=first_name,
            last_name=last_name,
            birthdate=birthdate,
        )


def test_it_does_not_match_a_candidate_of_another_session(candidate: object) -> None:
    with pytest.raises(CandidateError, match=NO_MATCH):
        candidate_join(
            session=SessionFactory(),
            user=UserFactory(),
            first_name="Léa-Marie",
            last_name="N'Guyen Dupré",
            birthdate=BIRTHDATE,
        )


def test_it_refuses_a_candidate_who_joined_with_another_account(candidate: object) -> None:
    candidate.user = UserFactory()
    candidate.save()
    with pytest.raises(CandidateError, match=r"Ce candidat a déjà rejoint la session avec un autre compte\."):
        candidate_join(
            session=candidate.session,
            user=UserFactory(),
            first_name="Léa-Marie",
            last_name="N'Guyen Dupré",
            birthdate=BIRTHDATE,
        )


def test_it_refuses_an_account_already_linked_to_another_candidate_of_the_session(candidate: object) -> None:
    user = UserFactory()
    CandidateFactory(session=candidate.session, user=user)
    with pytest.raises(CandidateError, match="sous l'identité d'un autre candidat"):
        candidate_join(
            session=candidate.session, user=user, first_name="Léa-Marie", last_name="N'Guyen Dupré", birthdate=BIRTHDATE
        )
    candidate.refresh_from_db()
    assert candidate.user is None


def test_it_refuses_a_finalised_session(candidate: object) -> None:
    candidate.session.status = SessionStatus.FINALISED
    candidate.session.save()
    with pytest.raises(CandidateError, match="finalisée"):
        candidate_join(
            session=candidate.session,
            user=UserFactory(),
            first_name="Léa-Marie",
            last_name="N'Guyen Dupré",
            birthdate=BIRTHDATE,
        )


def test_it_reconciles_the_account_with_the_enrolled_student() -> None:
    centre = ScoCentreFactory()
    student = StudentFactory(centre=centre, first_name="Théo", last_name="Martin", birthdate=BIRTHDATE)
    candidate = CandidateFactory(
        session=SessionFactory(centre=centre),
        student=student,
        first_name="Théo",
        last_name="Martin",
        birthdate=BIRTHDATE,
    )
    user = UserFactory()
    joined = candidate_join(
        session=candidate.session, user=user, first_name="theo", last_name="martin", birthdate=BIRTHDATE
    )
    assert (joined.user, joined.student) == (user, student)

"""Presence confirmation and closing access (DOMAIN.md §4): candidates and sessions services."""

from __future__ import annotations

import datetime as dt

import pytest

from candidates.models import Candidate
from candidates.services import CandidateError, candidate_cancel_presence, candidate_confirm_presence
from sessions_app.models import Session, SessionEvent, SessionStatus
from sessions_app.services import SessionError, session_close_admissions
from tests.accounts.factories import UserFactory
from tests.candidates.factories import CandidateFactory

NOW = dt.datetime(2024, 3, 12, 9, 0, tzinfo=dt.UTC)
CLOSED = "L'accès à la session est fermé : aucune nouvelle présence ne peut être confirmée."


@pytest.fixture
def candidate(db: None) -> Candidate:
    return CandidateFactory(first_name="Léa", last_name="Dupont")


def _kinds(session: Session) -> list[str]:
    return list(SessionEvent.objects.filter(session=session).order_by("id").values_list("kind", flat=True))


class TestConfirmPresence:
    def test_it_authorises_the_candidate_for_15_minutes(self, candidate: Candidate) -> None:
        supervisor = UserFactory()
        candidate_confirm_presence(candidate=candidate, by=supervisor, now=NOW)
        candidate.refresh_from_db()
        assert candidate.authorized_to_start_until == NOW + dt.timedelta(minutes=15)
        event = SessionEvent.objects.get(kind="candidate.presence_confirmed")
        assert (event.actor, event.at, event.data) == (supervisor, NOW, {"candidate": candidate.pk, "name": "Léa Dupont"})

    def test_it_restarts_the_15_minutes_when_confirmed_again(self, candidate: Candidate) -> None:
        candidate_confirm_presence(candidate=candidate, by=None, now=NOW)
        candidate_confirm_presence(candidate=candidate, by=None, now=NOW + dt.timedelta(minutes=20))
        candidate.refresh_from_db()
        assert candidate.authorized_to_start_until == NOW + dt.timedelta(minutes=35)

    def test_it_is_refused_once_access_is_closed(self, candidate: Candidate) -> None:
        session_close_admissions(session=candidate.session, by=None, now=NOW)
        with pytest.raises(CandidateError) as error:
            candidate_confirm_presence(candidate=candidate, by=None, now=NOW)
        assert error.value.message == CLOSED
        candidate.refresh_from_db()
        assert candidate.authorized_to_start_until is None
        assert "candidate.presence_confirmed" not in _kinds(candidate.session)

    @pytest.mark.parametrize("status", [SessionStatus.FINALISED, SessionStatus.IN_PROCESS, SessionStatus.PROCESSED])
    def test_it_is_refused_when_the_session_is_not_created(self, candidate: Candidate, status: str) -> None:
        Session.objects.filter(pk=candidate.session_id).update(status=status)
        with pytest.raises(CandidateError) as error:
            candidate_confirm_presence(candidate=candidate, by=None, now=NOW)
        assert error.value.message == "La session est finalisée : les présences ne peuvent plus être modifiées."

    def test_it_refuses_a_deleted_candidate(self, candidate: Candidate) -> None:
        Candidate.objects.filter(pk=candidate.pk).delete()
        with pytest.raises(CandidateError) as error:
            candidate_confirm_presence(candidate=candidate, by=None, now=NOW)
        assert error.value.message == "Ce candidat a été supprimé de la session."


class TestCancelPresence:
    def test_it_withdraws_the_authorisation(self, candidate: Candidate) -> None:
        candidate_confirm_presence(candidate=candidate, by=None, now=NOW)
        candidate_cancel_presence(candidate=candidate, by=None, now=NOW)
        candidate.refresh_from_db()
        assert candidate.authorized_to_start_until is None
        assert _kinds(candidate.session) == ["candidate.presence_confirmed", "candidate.presence_cancelled"]

    def test_it_is_idempotent(self, candidate: Candidate) -> None:
        candidate_cancel_presence(candidate=candidate, by=None, now=NOW)
        assert _kinds(candidate.session) == []

    def test_it_still_works_once_access_is_closed(self, candidate: Candidate) -> None:
        candidate_confirm_presence(candidate=candidate, by=None, now=NOW)
        session_close_admissions(session=candidate.session, by=None, now=NOW)
        candidate_cancel_presence(candidate=candidate, by=None, now=NOW)
        candidate.refresh_from_db()
        assert candidate.authorized_to_start_until is None


class TestCloseAdmissions:
    def test_it_closes_access_once(self, candidate: Candidate) -> None:
        session = candidate.session
        supervisor = UserFactory()
        session_close_admissions(session=session, by=supervisor, now=NOW)
        session_close_admissions(session=session, by=supervisor, now=NOW + dt.timedelta(minutes=5))
        session.refresh_from_db()
        assert session.admissions_closed_at == NOW
        assert _kinds(session) == ["session.admissions_closed"]

    def test_it_keeps_the_presences_confirmed_before(self, candidate: Candidate) -> None:
        candidate_confirm_presence(candidate=candidate, by=None, now=NOW)
        session_close_admissions(session=candidate.session, by=None, now=NOW)
        candidate.refresh_from_db()
        assert candidate.authorized_to_start_until == NOW + dt.timedelta(minutes=15)

    def test_it_is_refused_once_the_session_is_finalised(self, candidate: Candidate) -> None:
        Session.objects.filter(pk=candidate.session_id).update(status=SessionStatus.FINALISED)
        with pytest.raises(SessionError) as error:
            session_close_admissions(session=candidate.session, by=None, now=NOW)
        assert error.value.message == "La session est finalisée : son accès ne peut plus être modifié."

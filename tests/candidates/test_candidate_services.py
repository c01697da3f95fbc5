"""candidate_update, candidate_delete and candidates_enrol_students: every guard and message."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from candidates.models import BillingMode, Candidate
from candidates.services import (
    CandidateData,
    CandidateError,
    candidate_create,
    candidate_delete,
    candidate_update,
    candidates_enrol_students,
)
from centres.models import CertificationCentre
from sessions_app.models import Session, SessionEvent, SessionStatus
from tests.accounts.factories import UserFactory
from tests.candidates.factories import BirthCountryFactory, BirthplaceCommuneFactory, candidate_data
from tests.centres.factories import ScoCentreFactory, StudentFactory
from tests.sessions_app.factories import SessionFactory

NOW = dt.datetime(2031, 1, 20, 8, 30, tzinfo=dt.UTC)


@pytest.fixture
def session(centre: CertificationCentre) -> Session:
    BirthplaceCommuneFactory()
    BirthCountryFactory()
    return SessionFactory(centre=centre)


@pytest.fixture
def candidate(session: Session) -> Candidate:
    return candidate_create(session=session, by=None, data=candidate_data(), now=NOW)


def _data_of(candidate: Candidate, **changes: object) -> CandidateData:
    values = {f.name: getattr(candidate, f.name) for f in dataclasses.fields(CandidateData)}
    values.update(changes)
    return CandidateData(**values)  # type: ignore[arg-type]


def _finalise(session: Session) -> None:
    Session.objects.filter(pk=session.pk).update(status=SessionStatus.FINALISED)


class TestCandidateUpdate:
    def test_it_changes_the_candidate_and_records_what_changed(self, candidate: Candidate, admin: object) -> None:
        data = _data_of(candidate, extra_time_percentage=33, billing_mode=BillingMode.PAID)
        candidate_update(candidate=candidate, by=admin, data=data, now=NOW)  # type: ignore[arg-type]
        candidate.refresh_from_db()
        assert (candidate.extra_time_percentage, candidate.billing_mode) == (33, BillingMode.PAID)
        event = SessionEvent.objects.get(kind="candidate.updated")
        assert event.data["changes"] == {"extra_time_percentage": ["None", "33"], "billing_mode": ["FREE", "PAID"]}

    def test_it_records_nothing_when_nothing_changed(self, candidate: Candidate) -> None:
        candidate_update(candidate=candidate, by=None, data=_data_of(candidate))
        assert not SessionEvent.objects.filter(kind="candidate.updated").exists()

    def test_it_updates_the_identity_key_with_the_names(self, candidate: Candidate) -> None:
        candidate_update(candidate=candidate, by=None, data=_data_of(candidate, first_name="Éléonore"))
        candidate.refresh_from_db()
        assert candidate.identity_key == "ELEONORE|DUPONT|2008-03-14"

    def test_it_refuses_to_make_a_duplicate(self, session: Session, candidate: Candidate) -> None:
        other = candidate_create(session=session, by=None, data=candidate_data(first_name="Hugo"))
        with pytest.raises(CandidateError, match="Ce candidat est déjà dans la liste"):
            candidate_update(candidate=other, by=None, data=_data_of(other, first_name="LEA"))

    def test_it_refuses_an_invalid_change_with_its_field(self, candidate: Candidate) -> None:
        with pytest.raises(CandidateError) as error:
            candidate_update(candidate=candidate, by=None, data=_data_of(candidate, prepayment_code="X"))
        assert error.value.field == "prepayment_code"

    def test_it_refuses_once_the_session_is_finalised(self, session: Session, candidate: Candidate) -> None:
        _finalise(session)
        with pytest.raises(CandidateError, match=re.escape("La session est finalisée : les candidats ne peuvent plus être modifiés.")):
            candidate_update(candidate=candidate, by=None, data=_data_of(candidate, extra_time_percentage=10))

    def test_it_keeps_a_joined_candidates_identity(self, candidate: Candidate) -> None:
        Candidate.objects.filter(pk=candidate.pk).update(user=UserFactory(), joined_at=NOW)
        candidate.refresh_from_db()
        with pytest.raises(CandidateError, match="Ce candidat a déjà rejoint la session : seuls le temps majoré"):
            candidate_update(candidate=candidate, by=None, data=_data_of(candidate, first_name="Lou"))
        candidate_update(candidate=candidate, by=None, data=_data_of(candidate, extra_time_percentage=33))
        candidate.refresh_from_db()
        assert candidate.extra_time_percentage == 33

    def test_it_refuses_a_candidate_deleted_meanwhile(self, candidate: Candidate) -> None:
        Candidate.objects.filter(pk=candidate.pk).delete()
        with pytest.raises(CandidateError, match=re.escape("Ce candidat a été supprimé de la session.")):
            candidate_update(candidate=candidate, by=None, data=_data_of(candidate))


class TestCandidateDelete:
    def test_it_deletes_and_records_it(self, session: Session, candidate: Candidate, admin: object) -> None:
        candidate_delete(candidate=candidate, by=admin, now=NOW)  # type: ignore[arg-type]
        assert not Candidate.objects.exists()
        event = SessionEvent.objects.get(kind="candidate.deleted")
        assert (event.session, event.actor, event.data["name"]) == (session, admin, "Léa Dupont")

    def test_it_refuses_a_candidate_who_joined(self, candidate: Candidate) -> None:
        Candidate.objects.filter(pk=candidate.pk).update(user=UserFactory(), joined_at=NOW)
        with pytest.raises(CandidateError) as error:
            candidate_delete(candidate=candidate, by=None)
        assert error.value.message == "Ce candidat a déjà rejoint la session : il ne peut plus être supprimé."
        assert Candidate.objects.filter(pk=candidate.pk).exists()

    def test_it_refuses_once_the_session_is_finalised(self, session: Session, candidate: Candidate) -> None:
        _finalise(session)
        with pytest.raises(CandidateError, match=re.escape("La session est finalisée : la liste des candidats ne peut plus être modifiée.")):
            candidate_delete(candidate=candidate, by=None)

    def test_it_refuses_twice(self, candidate: Candidate) -> None:
        candidate_delete(candidate=candidate, by=None)
        with pytest.raises(CandidateError, match=re.escape("Ce candidat a déjà été supprimé.")):
            candidate_delete(candidate=candidate, by=None)


class TestCandidatesEnrolStudents:
    @pytest.fixture
    def sco_session(self, db: None) -> Session:
        # A school with a roster (issue 14: one without lists its candidates like SUP and PRO centres).
        school = ScoCentreFactory()
        StudentFactory(centre=school, last_name="AUTRE", first_name="Élève")
        return SessionFactory(centre=school)

    def test_it_enrols_several_students_with_their_roster_identity(self, sco_session: Session) -> None:
        BirthCountryFactory(insee_code="99109", name="ALLEMAGNE")
        students = [
            StudentFactory(centre=sco_session.centre, first_name="Léa", last_name="MARTIN", division="3B"),
            StudentFactory(centre=sco_session.centre, birth_country_code="99109", birth_insee_code="", birth_city="Berlin"),
            # A code stored before the INSEE spelling (SIECLE's « 109 »): read the same way.
            StudentFactory(centre=sco_session.centre, birth_country_code="109", birth_insee_code="", birth_city="Bonn"),
        ]
        enrolled = candidates_enrol_students(session=sco_session, by=None, student_ids=[s.pk for s in students], now=NOW)
        assert [c.student_id for c in enrolled] == [s.pk for s in students]
        first, second, third = enrolled
        assert (first.first_name, first.last_name, first.birthdate, first.billing_mode) == ("Léa", "MARTIN", dt.date(2008, 5, 17), "")
        assert (first.birth_country, first.birth_insee_code) == ("FRANCE", "75056")
        assert (second.birth_country, second.birth_insee_code, second.birth_city) == ("ALLEMAGNE", "99109", "Berlin")
        assert (third.birth_country, third.birth_insee_code, third.birth_city) == ("ALLEMAGNE", "99109", "Bonn")
        events = SessionEvent.objects.filter(kind="candidate.enrolled")
        assert sorted(e.data["student"] for e in events) == sorted(s.pk for s in students)

    def test_it_enrols_nobody_when_one_is_already_enrolled_and_names_them(self, sco_session: Session) -> None:
        fresh = StudentFactory(centre=sco_session.centre)
        already = StudentFactory(centre=sco_session.centre, first_name="Jean", last_name="VALJEAN")
        candidates_enrol_students(session=sco_session, by=None, student_ids=[already.pk])
        with pytest.raises(CandidateError) as error:
            candidates_enrol_students(session=sco_session, by=None, student_ids=[fresh.pk, already.pk])
        assert error.value.message == "Jean VALJEAN est déjà inscrit(e) à cette session."
        assert sco_session.candidates.count() == 1

    def test_it_reports_every_refused_student(self, sco_session: Session) -> None:
        gone = StudentFactory(centre=sco_session.centre, is_active=False, first_name="Paul", last_name="PARTI")
        foreign = StudentFactory()
        with pytest.raises(CandidateError) as error:
            candidates_enrol_students(session=sco_session, by=None, student_ids=[gone.pk, foreign.pk, 999_999])
        assert [m for _f, m in error.value.errors] == [
            "Paul PARTI ne fait plus partie de votre établissement.",
            "Cet élève n'appartient pas à votre établissement.",
            "Cet élève n'appartient pas à votre établissement.",
        ]
        assert not Candidate.objects.exists()

    def test_it_refuses_two_students_with_the_same_identity(self, sco_session: Session) -> None:
        twins = [StudentFactory(centre=sco_session.centre, first_name="Léa", last_name="MARTIN") for _ in range(2)]
        with pytest.raises(CandidateError, match="Léa MARTIN : Ce candidat est déjà dans la liste"):
            candidates_enrol_students(session=sco_session, by=None, student_ids=[s.pk for s in twins])
        assert not Candidate.objects.exists()

    def test_it_counts_a_repeated_id_once(self, sco_session: Session) -> None:
        student = StudentFactory(centre=sco_session.centre)
        assert len(candidates_enrol_students(session=sco_session, by=None, student_ids=[student.pk, student.pk])) == 1

    def test_it_wants_at_least_one_student(self, sco_session: Session) -> None:
        with pytest.raises(CandidateError, match=re.escape("Cochez au moins un élève à inscrire.")):
            candidates_enrol_students(session=sco_session, by=None, student_ids=[])

    def test_it_refuses_once_the_session_is_finalised(self, sco_session: Session) -> None:
        student = StudentFactory(centre=sco_session.centre)
        _finalise(sco_session)
        with pytest.raises(CandidateError, match=re.escape("La session est finalisée : il n'est plus possible d'inscrire des candidats.")):
            candidates_enrol_students(session=sco_session, by=None, student_ids=[student.pk])

    def test_it_is_for_schools_only(self, session: Session) -> None:
        with pytest.raises(CandidateError, match=re.escape("Seul un établissement scolaire inscrit des élèves de sa liste.")):
            candidates_enrol_students(session=session, by=None, student_ids=[StudentFactory().pk])

    def test_a_school_cannot_add_someone_off_the_roster_by_form(self, sco_session: Session) -> None:
        BirthplaceCommuneFactory()
        with pytest.raises(CandidateError, match="Un établissement scolaire n'inscrit que ses élèves"):
            candidate_create(session=sco_session, by=None, data=candidate_data(billing_mode=""))

"""Incident reports (DOMAIN.md §6): the rules of each code, their French messages, the audit row."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from candidates.models import Candidate
from finalisation.models import IMPACTFUL_CODES, IssueCode, IssueReport, IssueSource
from finalisation.services import IssueReportError, issue_report_record
from sessions_app.models import SessionEvent, SessionStatus
from tests.accounts.factories import UserFactory
from tests.candidates.factories import CandidateFactory
from tests.certification.factories import course_by_hand

NOW = dt.datetime(2024, 3, 12, 10, 0, tzinfo=dt.UTC)
E_CODES = ["E1", "E2", "E3", "E4", "E5", "E8", "E9", "E10", "E11", "E12"]
DESCRIBED_CODES = ["C1", "C2", "C4", "C7", "C8"]
QUESTION_REQUIRED = "Le numéro de la question est obligatoire pour ce code."
DESCRIPTION_REQUIRED = "La description est obligatoire pour ce code."


@pytest.fixture
def candidate(db: None) -> Candidate:
    return CandidateFactory(first_name="Léa", last_name="Dupont")


def record(candidate: Candidate, code: str, question_number: int | None = None, description: str = "") -> IssueReport:
    return issue_report_record(
        candidate=candidate,
        code=code,
        question_number=question_number,
        description=description,
        by=None,
        source=IssueSource.LIVE,
        now=NOW,
    )


def messages_of(error: pytest.ExceptionInfo[IssueReportError]) -> list[tuple[str, str]]:
    return error.value.errors


def test_it_knows_every_code_of_the_domain_with_its_french_label() -> None:
    assert IssueCode.values == ["C1", "C2", "C4", "C6", "C7", "C8", *E_CODES]
    assert IssueCode.C1.label == "Modification des prénom/nom/date de naissance"
    assert IssueCode.C6.label == "Suspicion de fraude"
    assert IssueCode.E8.label.startswith("Le candidat bénéficie d'un temps majoré")


@pytest.mark.parametrize("code", E_CODES)
def test_it_requires_the_question_number_for_each_e_code(candidate: Candidate, code: str) -> None:
    with pytest.raises(IssueReportError) as error:
        record(candidate, code)
    assert messages_of(error) == [("question_number", QUESTION_REQUIRED)]
    report = record(candidate, code, question_number=12)
    assert report.question_number == 12
    assert report.description == ""


@pytest.mark.parametrize("number", [0, 501, -3])
def test_it_refuses_a_question_number_outside_1_to_500(candidate: Candidate, number: int) -> None:
    with pytest.raises(IssueReportError) as error:
        record(candidate, "E4", question_number=number)
    assert messages_of(error) == [("question_number", "Le numéro de la question doit être compris entre 1 et 500.")]


@pytest.mark.parametrize("number", [1, 500])
def test_it_accepts_the_bounds_of_the_question_number(candidate: Candidate, number: int) -> None:
    assert record(candidate, "E11", question_number=number).question_number == number


@pytest.mark.parametrize("code", DESCRIBED_CODES)
def test_it_requires_a_description_for_c1_c2_c4_c7_c8(candidate: Candidate, code: str) -> None:
    for empty in ("", "   "):
        with pytest.raises(IssueReportError) as error:
            record(candidate, code, description=empty)
        assert messages_of(error) == [("description", DESCRIPTION_REQUIRED)]
    assert record(candidate, code, description="  Nom : DUPOND et non DUPONT  ").description == "Nom : DUPOND et non DUPONT"


def test_it_needs_neither_question_nor_description_for_c6(candidate: Candidate) -> None:
    report = record(candidate, "C6")
    assert (report.code, report.question_number, report.description) == ("C6", None, "")


def test_it_drops_a_question_number_given_with_a_c_code(candidate: Candidate) -> None:
    assert record(candidate, "C6", question_number=7).question_number is None


@pytest.mark.parametrize("code", ["C1", "C6", "E1"])
def test_it_refuses_a_description_over_500_characters(candidate: Candidate, code: str) -> None:
    with pytest.raises(IssueReportError) as error:
        record(candidate, code, question_number=3 if code.startswith("E") else None, description="x" * 501)
    assert ("description", "La description ne doit pas dépasser 500 caractères (501 saisis).") in messages_of(error)
    assert record(candidate, "C7", description="x" * 500).description == "x" * 500


def test_it_gives_every_error_at_once(candidate: Candidate) -> None:
    with pytest.raises(IssueReportError) as error:
        record(candidate, "E2", description="y" * 600)
    assert [field for field, _m in messages_of(error)] == ["question_number", "description"]
    assert IssueReport.objects.count() == 0


@pytest.mark.parametrize("code", ["", "C3", "E6", "e1"])
def test_it_refuses_an_unknown_code(candidate: Candidate, code: str) -> None:
    with pytest.raises(IssueReportError) as error:
        record(candidate, code, question_number=1, description="x")
    assert messages_of(error) == [("code", "Choisissez la catégorie de l'incident.")]


@pytest.mark.parametrize("code", IssueCode.values)
def test_it_marks_c1_c6_and_the_e_codes_impactful(candidate: Candidate, code: str) -> None:
    report = IssueReport(candidate=candidate, code=code)
    assert report.is_impactful == (code in {"C1", "C6"} or code.startswith("E"))
    assert report.is_impactful == (code in IMPACTFUL_CODES)


def test_it_records_the_report_with_its_author_source_and_audit_row(candidate: Candidate) -> None:
    supervisor = UserFactory(email="surveillant@centre.fr")
    report = issue_report_record(
        candidate=candidate, code="E4", question_number=9, description="", by=supervisor, source=IssueSource.LIVE, now=NOW
    )
    assert (report.created_by, report.created_at, report.source, report.course) == (supervisor, NOW, "live", None)
    assert report.resolved_at is None and report.resolution == ""
    event = SessionEvent.objects.get(kind="incident.recorded")
    assert event.session == candidate.session and event.actor == supervisor
    assert event.data == {
        "candidate": candidate.pk,
        "name": "Léa Dupont",
        "report": report.pk,
        "code": "E4",
        "question_number": 9,
        "source": "live",
    }


def test_it_links_the_report_to_the_test_when_the_candidate_started(candidate: Candidate) -> None:
    candidate.user = UserFactory()
    candidate.save()
    course = course_by_hand(candidate=candidate, positions={"1.1": (2, 16)}, questions=[("1.1", None, False)])
    assert record(candidate, "E1", question_number=1).course == course


def test_it_refuses_a_report_once_the_session_is_finalised(candidate: Candidate) -> None:
    candidate.session.status = SessionStatus.FINALISED
    candidate.session.save()
    with pytest.raises(IssueReportError) as error:
        record(candidate, "C6")
    assert error.value.message == "La session est finalisée : il n'est plus possible de signaler un incident."
    assert not IssueReport.objects.exists()


def test_it_keeps_the_question_number_rule_in_the_database(candidate: Candidate) -> None:
    for code, number in (("E1", None), ("E1", 501), ("C6", 4)):
        with pytest.raises(IntegrityError), transaction.atomic():
            IssueReport.objects.create(
                candidate=candidate, code=code, question_number=number, source=IssueSource.LIVE, created_at=NOW
            )

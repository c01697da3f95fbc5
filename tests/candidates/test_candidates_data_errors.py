"""The batch form of the candidate checks: the same rules as one at a time, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from candidates.models import BillingMode
from candidates.services import CandidateData, candidate_data_errors, candidates_data_errors
from centres.models import CertificationCentre
from sessions_app.models import Session
from tests.candidates.factories import BirthCountryFactory, BirthplaceCommuneFactory, CandidateFactory, candidate_data
from tests.centres.factories import ScoCentreFactory, StudentFactory
from tests.sessions_app.factories import SessionFactory

BAD_ROWS: list[dict[str, object]] = [
    {},
    {"first_name": "", "last_name": "", "sex": "X", "birthdate": None, "billing_mode": ""},
    {"birthdate": dt.date(1890, 1, 1), "extra_time_percentage": 100, "convocation_email": "lea@"},
    {"billing_mode": BillingMode.PREPAID},
    {"prepayment_code": "ABC", "external_id": "x" * 256},
    {"first_name": "Zoé", "birth_insee_code": "", "birth_postal_code": "", "birth_city": ""},
    {"first_name": "Zoé", "birth_insee_code": "99999"},
    {"first_name": "Zoé", "birth_insee_code": "12345"},
    {"first_name": "Zoé", "birth_insee_code": "1053"},
    {"first_name": "Zoé", "birth_insee_code": "", "birth_postal_code": "1000", "birth_city": "bourg en bresse"},
    {"first_name": "Zoé", "birth_insee_code": "", "birth_postal_code": "75001", "birth_city": "Lyon"},
    {"first_name": "Zoé", "birth_insee_code": "", "birth_postal_code": "99000", "birth_city": "Paris"},
    {"first_name": "Zoé", "birth_insee_code": "", "birth_city": "Paris"},
    {"first_name": "Zoé", "birth_country": "Atlantide"},
    {"first_name": "Zoé", "birth_insee_code": "", "birth_country": "Allemagne"},
    {"first_name": "Zoé", "birth_insee_code": "", "birth_country": "99109", "birth_city": "Berlin"},
    {"first_name": "Zoé", "birth_country": "France"},
    {"first_name": "Ancien", "last_name": "Candidat"},  # already in the session
    {"student_id": 1},
]


@pytest.fixture
def session(centre: CertificationCentre) -> Session:
    BirthplaceCommuneFactory()
    BirthplaceCommuneFactory(insee_code="01053", postal_code="01000", name="Bourg-en-Bresse")
    BirthCountryFactory()
    BirthCountryFactory(insee_code="99109", name="ALLEMAGNE")
    session = SessionFactory(centre=centre)
    CandidateFactory(session=session, first_name="Ancien", last_name="Candidat", birthdate=dt.date(2008, 3, 14))
    return session


def test_it_gives_each_row_the_errors_of_the_single_check(session: Session) -> None:
    rows = [candidate_data(**overrides) for overrides in BAD_ROWS]
    batch = candidates_data_errors(session=session, rows=rows)
    assert batch == {index: candidate_data_errors(session=session, data=data) for index, data in enumerate(rows)}
    # The table holds a few right rows too (padded codes, a country by its code), to show they stay right.
    assert [index for index, errors in batch.items() if not errors] == [0, 8, 9, 15, 16]


def test_it_leaves_the_excluded_candidates_out_of_the_duplicate_check(session: Session) -> None:
    existing = session.candidates.get()
    rows = [candidate_data(first_name="ANCIEN", last_name="candidat")]
    assert candidates_data_errors(session=session, rows=rows)[0] != []
    assert candidates_data_errors(session=session, rows=rows, exclude_candidate_ids={existing.pk}) == {0: []}


def test_it_gives_a_schools_rows_the_errors_of_the_single_check(db: None) -> None:
    session = SessionFactory(centre=ScoCentreFactory())
    enrolled = StudentFactory(centre=session.centre)
    CandidateFactory(session=session, student=enrolled, first_name="Autre", last_name="Nom")
    rows = [
        CandidateData.from_student(StudentFactory(centre=session.centre, birth_insee_code="", birth_city="Ailleurs")),
        CandidateData.from_student(StudentFactory(centre=session.centre, is_active=False)),
        CandidateData.from_student(StudentFactory()),
        CandidateData.from_student(enrolled),
        CandidateData.from_student(StudentFactory(centre=session.centre), billing_mode=BillingMode.PAID),
        candidate_data(billing_mode=""),
    ]
    batch = candidates_data_errors(session=session, rows=rows)
    assert batch == {index: candidate_data_errors(session=session, data=data) for index, data in enumerate(rows)}
    assert [bool(errors) for errors in batch.values()] == [False, True, True, True, True, True]


def test_it_reads_the_database_as_often_for_many_rows_as_for_a_few(session: Session) -> None:
    def queries(count: int) -> int:
        rows = [
            candidate_data(**{"first_name": f"Prénom{i}", **BAD_ROWS[i % len(BAD_ROWS)]}) for i in range(count)
        ]
        with CaptureQueriesContext(connection) as context:
            candidates_data_errors(session=session, rows=rows)
        return len(context.captured_queries)

    assert queries(len(BAD_ROWS)) == queries(10 * len(BAD_ROWS))

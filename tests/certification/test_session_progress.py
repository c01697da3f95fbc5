"""The supervisor's live list (DOMAIN.md §4): what it shows, in a constant number of queries."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from certification.models import CourseStatus
from certification.selectors import NOT_STARTED, course_next_question, session_progress
from certification.services import answer_submit, course_end_by_supervisor, course_start_or_resume
from sessions_app.models import Session
from tests.certification.factories import T0, bank, ready_candidate
from tests.sessions_app.factories import SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _bank(db: None) -> None:
    bank()


def _session_with(count: int) -> Session:
    """``count`` candidates: a third not started, a third running with 2 answers, a third ended."""
    session = SessionFactory()
    for i in range(count):
        candidate = ready_candidate(session=session, extra_time_percentage=30 if i % 2 else None)
        if i % 3 == 0:
            continue
        course = course_start_or_resume(candidate=candidate, user=candidate.user, now=T0, rng=random.Random(i))
        for _ in range(2):
            question = course_next_question(course)
            assert question is not None
            answer_submit(course=course, question=question, value="1", skipped=False, now=T0)
        if i % 3 == 2:
            course_end_by_supervisor(course=course, by=None, now=T0)
    return session


def _queries(session: Session) -> int:
    with CaptureQueriesContext(connection) as queries:
        rows = session_progress(session)
        [str(r.status_label) for r in rows]
    return len(queries)


def test_it_shows_each_candidate_s_status_times_and_progress() -> None:
    session = _session_with(3)
    rows = sorted(session_progress(session), key=lambda r: r.candidate_id)  # names sort as « Nom10 » < « Nom9 »
    assert [r.status for r in rows] == [NOT_STARTED, CourseStatus.STARTED, CourseStatus.ENDED_BY_SUPERVISOR]
    assert [str(r.status_label) for r in rows] == ["Non démarré", "En cours", "Terminé"]
    waiting, running, ended = rows
    assert (waiting.started_at, waiting.theoretical_end_at, waiting.answered_count, waiting.question_count) == (
        None,
        None,
        0,
        0,
    )
    assert waiting.authorized_to_start_until == T0 + dt.timedelta(minutes=15)
    # Extra time 30 %: 1 h 45 × 1.3 = 2 h 16 min 30 s.
    assert running.extra_time_percentage == 30
    assert running.started_at == T0
    assert running.theoretical_end_at == T0 + dt.timedelta(hours=2, minutes=16, seconds=30)
    assert (running.answered_count, running.question_count) == (2, 15)
    assert running.is_running and not running.is_finished
    assert ended.theoretical_end_at == T0 + dt.timedelta(hours=1, minutes=45)
    assert ended.is_finished
    assert running.first_name and running.last_name and running.birthdate


def test_its_queries_do_not_grow_with_the_number_of_candidates(settings: Any) -> None:
    small, large = _session_with(2), _session_with(30)
    assert _queries(small) == _queries(large) == 1

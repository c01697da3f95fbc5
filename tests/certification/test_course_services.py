"""Starting, resuming, answering and ending a test (DOMAIN.md §4, §5)."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from certification.models import AnswerStatus, CertificationChallenge, CourseStatus
from certification.selectors import course_next_question
from certification.services import answer_submit, course_start_or_resume, question_show
from tests.certification.factories import T0, bank, ready_candidate

pytestmark = pytest.mark.django_db


@pytest.fixture
def skills() -> dict[str, list[object]]:
    return bank()  # type: ignore[return-value]


def test_it_starts_a_test_of_fifteen_questions(skills: object) -> None:
    candidate = ready_candidate()
    course = course_start_or_resume(candidate=candidate, user=candidate.user, now=T0, rng=random.Random(1))
    assert course.status == CourseStatus.STARTED
    assert course.challenges.count() == 15
    question = course_next_question(course)
    assert question is not None and question.position == 1
    question_show(question=question, now=T0)
    answer = answer_submit(course=course, question=question, value="1", skipped=False, now=T0 + dt.timedelta(seconds=3))
    assert answer.status == AnswerStatus.OK
    assert CertificationChallenge.objects.filter(course=course, answer__isnull=True).count() == 14

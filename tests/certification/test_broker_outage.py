"""A broker outage never fails a candidate's answer; the sweep scores the tests whose task was never queued.

docs/reliability.md (« Pannes essayées »): `make chaos` does the same against a real Redis that it stops.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone

from certification.models import AssessmentResult, CertificationChallenge, CertificationCourse, CourseStatus
from certification.services import answer_submit, course_start_or_resume
from certification.services_scoring import AUTO_EMITTER, courses_unscored_sweep
from certification.tasks import course_score_task
from tests.broker import broker_refusing
from tests.certification.factories import bank, ready_candidate

pytestmark = pytest.mark.django_db(transaction=True)  # on_commit runs for real


@pytest.fixture
def broker_down(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[Any, ...]]]:
    with broker_refusing(monkeypatch, course_score_task) as sent:
        yield sent


def _course() -> CertificationCourse:
    bank()
    candidate = ready_candidate(now=timezone.now())
    return course_start_or_resume(candidate=candidate, user=candidate.user, rng=random.Random(5))


def _answer_all(course: CertificationCourse) -> None:
    for question in CertificationChallenge.objects.filter(course=course).order_by("position"):
        answer_submit(course=course, question=question, value="1", skipped=False)


def test_the_last_answer_succeeds_while_the_broker_is_down(broker_down: list[tuple[Any, ...]]) -> None:
    course = _course()

    _answer_all(course)  # the last answer completes the test and tries to queue its scoring

    course.refresh_from_db()
    assert course.status == CourseStatus.COMPLETED
    assert len(broker_down) == 1  # it did try, once
    assert not AssessmentResult.objects.filter(course=course).exists()


def test_the_sweep_scores_a_test_left_unscored_once_the_grace_is_over(broker_down: list[tuple[Any, ...]]) -> None:
    course = _course()
    _answer_all(course)
    course.refresh_from_db()
    assert course.completed_at is not None

    assert courses_unscored_sweep(now=course.completed_at + dt.timedelta(seconds=30)) == []  # still in grace
    assert courses_unscored_sweep(now=course.completed_at + dt.timedelta(minutes=3)) == [course.pk]
    assert courses_unscored_sweep(now=course.completed_at + dt.timedelta(minutes=4)) == []  # once

    results = AssessmentResult.objects.filter(course=course)
    assert [r.emitter for r in results] == [AUTO_EMITTER]


def test_the_sweep_leaves_running_tests_and_tests_in_error_alone() -> None:
    running = _course()
    assert courses_unscored_sweep(now=timezone.now() + dt.timedelta(hours=1)) == []
    assert running.status == CourseStatus.STARTED

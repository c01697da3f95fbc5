"""Two jury actions at the same moment on the same certification: the row locks serialise them (PostgreSQL)."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection, connections

from accounts.models import User
from centres.models import CertificationCentre
from certification.models import AssessmentResult, CertificationCourse, ResultStatus
from certification.selectors import latest_result
from pixcertif.lib.errors import ServiceError
from results.services import session_publish
from results.services_jury import course_cancel, course_question_neutralise
from sessions_app.models import Session, SessionEvent
from tests.accounts.factories import UserFactory
from tests.results.jury_factories import jury_course, jury_session

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor == "sqlite",
        reason="SQLite n'a pas de verrou de ligne (SELECT … FOR UPDATE) : ce test tourne sur PostgreSQL (DATABASE_URL).",
    ),
]


def _race(*actions: Callable[[], object]) -> list[str]:
    barrier = threading.Barrier(len(actions))
    outcomes: list[str] = []

    def run(action: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=10)
            action()
            outcomes.append("ok")
        except ServiceError as refusal:
            outcomes.append(refusal.message)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(outcomes)


@pytest.fixture
def juror(db: None) -> User:
    return UserFactory(is_staff=True)


@pytest.fixture
def course(centre: CertificationCentre) -> CertificationCourse:
    return jury_course(jury_session(centre))


def test_two_simultaneous_cancellations_cancel_once(course: CertificationCourse, juror: User) -> None:
    def cancel() -> object:
        return course_cancel(course=CertificationCourse.objects.get(pk=course.pk), cancelled=True, by=juror)

    assert _race(cancel, cancel) == ["Cette certification est déjà annulée.", "ok"]
    assert SessionEvent.objects.filter(kind="jury.course_cancelled").count() == 1
    assert AssessmentResult.objects.filter(course=course).count() == 2


def test_two_simultaneous_neutralisations_of_different_questions_both_count(
    course: CertificationCourse, juror: User
) -> None:
    def neutralise(number: int) -> Callable[[], object]:
        return lambda: course_question_neutralise(
            course=CertificationCourse.objects.get(pk=course.pk), question_number=number, neutralised=True, by=juror
        )

    assert _race(neutralise(3), neutralise(6)) == ["ok", "ok"]
    result = latest_result(course)
    assert result is not None
    # The second rescoring saw the first neutralisation: 11 correct out of 13, R = 85 ≥ 80, every competence V.
    assert (result.reproducibility, result.pix_score) == (85, 120)


def test_a_jury_action_racing_the_publication_never_changes_published_results(
    course: CertificationCourse, juror: User
) -> None:
    def publish() -> object:
        return session_publish(session=Session.objects.get(pk=course.session_id), by=juror)

    def cancel() -> object:
        return course_cancel(course=CertificationCourse.objects.get(pk=course.pk), cancelled=True, by=juror)

    outcomes = _race(publish, cancel)
    published_message = (
        "Les résultats de cette session sont publiés : dépubliez-les avant de modifier une certification."
    )
    assert outcomes in (["ok", "ok"], [published_message, "ok"])
    result = latest_result(course)
    assert result is not None
    if outcomes == ["ok", "ok"]:  # the cancellation went first: it is in the published results
        assert result.status == ResultStatus.CANCELLED
    else:
        assert result.status == ResultStatus.VALIDATED

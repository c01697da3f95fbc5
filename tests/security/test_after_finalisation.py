"""Answering after the session is finalised (issue 16: tried).

A candidate whose page is still open when the centre finalises the session sends the answer of that page,
a skip, a focus report, then reloads. The real finalisation runs first (finalisation.services); each request
is refused with a clear message and nothing of the test changes (no answer, no status, no score, no event).
"""

from __future__ import annotations

import random

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import User
from certification.models import Answer, CertificationChallenge, CertificationCourse, CourseStatus
from certification.services import course_start_or_resume
from certification.views import SESSION_KEY
from finalisation.services import finalisation_save_draft, session_finalise
from referential.models import Challenge
from sessions_app.models import Session, SessionEvent, SessionStatus
from tests.certification.factories import bank, ready_candidate

pytestmark = pytest.mark.django_db

OVER = "Votre test est terminé."
CLOSED = "La session n&#x27;accepte plus de candidats."
FINALISED_PAGE = "La session a été finalisée par le centre de certification"


@pytest.fixture
def course(db: None) -> CertificationCourse:
    bank()
    candidate = ready_candidate(now=timezone.now())
    return course_start_or_resume(candidate=candidate, user=candidate.user, rng=random.Random(3))


@pytest.fixture
def browser(client: Client, course: CertificationCourse) -> Client:
    client.force_login(course.user)
    session = client.session
    session[SESSION_KEY] = [course.pk]
    session.save()
    return client


def _question(course: CertificationCourse, position: int) -> CertificationChallenge:
    return CertificationChallenge.objects.get(course=course, position=position)


def _state(course: CertificationCourse) -> tuple[object, ...]:
    course.refresh_from_db()
    challenges = tuple(CertificationChallenge.objects.filter(course=course).values_list("focus_lost_at", flat=True))
    return (course.status, course.completed_at, Answer.objects.filter(course=course).count(), challenges)


def _finalise(session: Session, by: User | None = None) -> None:
    finalisation_save_draft(session=session, by=by, changes={"reports": {session.candidates.get().pk: {"abort_reason": "technical"}}})
    session_finalise(session=session, by=by)


def test_an_answer_sent_from_a_page_left_open_after_the_finalisation_is_refused_and_nothing_is_saved(
    browser: Client, course: CertificationCourse
) -> None:
    browser.post(f"/certification/tests/{course.pk}/reponse/", {"question": _question(course, 1).pk, "choice": "1"})
    assert "Question 2 / 15" in browser.get(f"/certification/tests/{course.pk}/").content.decode()
    _finalise(course.session)
    before, events = _state(course), SessionEvent.objects.count()
    assert before[0] == CourseStatus.ENDED_BY_FINALISATION

    page = browser.post(
        f"/certification/tests/{course.pk}/reponse/", {"question": _question(course, 2).pk, "choice": "1"}, follow=True
    )
    html = page.content.decode()
    assert OVER in html and FINALISED_PAGE in html
    skip = browser.post(
        f"/certification/tests/{course.pk}/reponse/", {"question": _question(course, 2).pk, "skip": "on"}, follow=True
    )
    assert OVER in skip.content.decode()
    focus = browser.post(f"/certification/tests/{course.pk}/sortie-de-page/", {"question": _question(course, 2).pk})
    assert focus.status_code == 204
    assert FINALISED_PAGE in browser.get(f"/certification/tests/{course.pk}/").content.decode()

    assert _state(course) == before
    assert SessionEvent.objects.count() == events


def test_the_answer_already_given_still_reads_as_given_after_the_finalisation(
    browser: Client, course: CertificationCourse
) -> None:
    # A double click that arrives after the finalisation: the first answer stands, the same answer is no error.
    question = _question(course, 1)
    browser.post(f"/certification/tests/{course.pk}/reponse/", {"question": question.pk, "choice": "1"})
    _finalise(course.session)
    before = _state(course)
    again = browser.post(f"/certification/tests/{course.pk}/reponse/", {"question": question.pk, "choice": "1"}, follow=True)
    assert OVER not in again.content.decode()
    other = browser.post(f"/certification/tests/{course.pk}/reponse/", {"question": question.pk, "choice": "2"}, follow=True)
    assert OVER in other.content.decode()
    assert _state(course) == before
    assert Answer.objects.get(question=question).value == "1"


def test_a_test_still_running_in_a_finalised_session_takes_nothing_either(
    browser: Client, course: CertificationCourse
) -> None:
    # Not reachable through the services (finalising ends every running test): the guard behind that one.
    Challenge.objects.filter(pk=_question(course, 1).challenge_id).update(is_focus=True)  # a focus report would count
    Session.objects.filter(pk=course.session_id).update(status=SessionStatus.FINALISED)
    before = _state(course)
    page = browser.post(
        f"/certification/tests/{course.pk}/reponse/", {"question": _question(course, 1).pk, "choice": "1"}, follow=True
    )
    assert CLOSED in page.content.decode()
    browser.post(f"/certification/tests/{course.pk}/sortie-de-page/", {"question": _question(course, 1).pk})
    assert _state(course) == before

"""The test pages (DOMAIN.md §5): « Question X / N », answers, skip, resume, end screens, strangers."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.test import Client
from django.utils import timezone

from certification.models import Answer, AnswerStatus, CertificationChallenge, CertificationCourse, CourseStatus
from certification.services import course_end_by_supervisor, course_start_or_resume
from certification.views import SESSION_KEY
from referential.models import ChallengeType
from sessions_app.models import SessionStatus
from tests.accounts.factories import UserFactory
from tests.certification.factories import bank, ready_candidate

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(db: None) -> CertificationCourse:
    bank()
    candidate = ready_candidate(now=timezone.now())
    return course_start_or_resume(candidate=candidate, user=candidate.user, rng=random.Random(3))


def _bound_client(client: Client, course: CertificationCourse) -> Client:
    """The candidate's browser, which joined the test (the page is bound to it)."""
    client.force_login(course.user)
    session = client.session
    session[SESSION_KEY] = [course.pk]
    session.save()
    return client


@pytest.fixture
def candidate_client(client: Client, course: CertificationCourse) -> Client:
    return _bound_client(client, course)


def _url(course: CertificationCourse, suffix: str = "") -> str:
    return f"/certification/tests/{course.pk}/{suffix}"


def _question(course: CertificationCourse, position: int) -> CertificationChallenge:
    return CertificationChallenge.objects.select_related("challenge").get(course=course, position=position)


def _answer(client: Client, course: CertificationCourse, position: int, **data: object) -> object:
    return client.post(_url(course, "reponse/"), {"question": _question(course, position).pk, **data})


def test_it_shows_the_first_question_with_its_number(candidate_client: Client, course: CertificationCourse) -> None:
    html = candidate_client.get(_url(course)).content.decode()
    question = _question(course, 1)
    assert "Question 1 / 15" in html
    assert question.challenge.instruction.replace("'", "&#x27;") in html
    assert 'type="radio"' in html and "Je valide" in html and "Je passe" in html
    assert "data-confirm=" in html
    assert question.first_shown_at is not None  # question_show was called


def test_it_records_an_answer_and_shows_the_next_question(
    candidate_client: Client, course: CertificationCourse
) -> None:
    response = _answer(candidate_client, course, 1, choice="1")
    assert response.status_code == 302 and response["Location"] == _url(course)
    assert Answer.objects.get(question=_question(course, 1)).status == AnswerStatus.OK
    assert "Question 2 / 15" in candidate_client.get(_url(course)).content.decode()


def test_it_accepts_a_double_click_once(candidate_client: Client, course: CertificationCourse) -> None:
    candidate_client.get(_url(course))
    _answer(candidate_client, course, 1, choice="1")
    response = _answer(candidate_client, course, 1, choice="1")
    assert response.status_code == 302
    assert Answer.objects.filter(course=course).count() == 1
    assert not list(candidate_client.get(_url(course)).context["messages"])


def test_it_refuses_a_different_answer_to_an_answered_question(
    candidate_client: Client, course: CertificationCourse
) -> None:
    _answer(candidate_client, course, 1, choice="1")
    response = _answer(candidate_client, course, 1, choice="0")
    html = candidate_client.get(response["Location"]).content.decode()
    assert "Vous avez déjà répondu à cette question." in html
    assert Answer.objects.get(question=_question(course, 1)).value == "1"


def test_it_records_a_skip_as_final(candidate_client: Client, course: CertificationCourse) -> None:
    _answer(candidate_client, course, 1, skip="on")
    assert Answer.objects.get(question=_question(course, 1)).status == AnswerStatus.SKIPPED
    _answer(candidate_client, course, 1, choice="1")
    assert Answer.objects.get(question=_question(course, 1)).status == AnswerStatus.SKIPPED


def test_it_asks_for_a_choice_before_validating(candidate_client: Client, course: CertificationCourse) -> None:
    response = _answer(candidate_client, course, 1)
    html = candidate_client.get(response["Location"]).content.decode()
    assert "Choisissez une réponse avant de valider" in html
    assert not Answer.objects.exists()


def test_it_sends_qcm_choices_and_qroc_text_as_the_checker_reads_them(
    candidate_client: Client, course: CertificationCourse
) -> None:
    first, second = _question(course, 1).challenge, _question(course, 2).challenge
    first.type, first.proposals, first.solution = ChallengeType.QCM, ["a", "b", "c"], [0, 2]
    first.save()
    second.type, second.proposals, second.solution = ChallengeType.QROC, [], ["Paris"]
    second.save()
    assert 'type="checkbox"' in candidate_client.get(_url(course)).content.decode()
    _answer(candidate_client, course, 1, choices=["2", "0"])
    assert 'name="text"' in candidate_client.get(_url(course)).content.decode()
    _answer(candidate_client, course, 2, text="  paris ")
    answers = Answer.objects.order_by("question__position")
    assert [(a.value, a.status) for a in answers] == [("0,2", AnswerStatus.OK), ("paris", AnswerStatus.OK)]


def test_it_shows_a_qrocm_dep_as_a_typed_answer_and_checks_it_against_the_accepted_ones(
    candidate_client: Client, course: CertificationCourse
) -> None:
    first = _question(course, 1).challenge
    first.type, first.proposals, first.solution = ChallengeType.QROCM_DEP, [], ["Lyon", "Marseille"]
    first.save()
    html = candidate_client.get(_url(course)).content.decode()
    assert 'name="text"' in html and 'type="radio"' not in html
    _answer(candidate_client, course, 1, text="marseille")
    assert Answer.objects.get().status == AnswerStatus.OK


def test_it_resumes_at_the_first_unanswered_question(candidate_client: Client, course: CertificationCourse) -> None:
    for position in (1, 2, 3):
        _answer(candidate_client, course, position, choice="1")
    assert "Question 4 / 15" in candidate_client.get(_url(course)).content.decode()
    assert "Question 4 / 15" in candidate_client.get(_url(course)).content.decode()  # a reload changes nothing


def test_it_shows_the_end_screen_after_the_last_answer(candidate_client: Client, course: CertificationCourse) -> None:
    for position in range(1, 16):
        _answer(candidate_client, course, position, skip="on" if position == 5 else "", choice="1")
    course.refresh_from_db()
    assert course.status == CourseStatus.COMPLETED
    html = candidate_client.get(_url(course)).content.decode()
    assert "Test terminé !" in html and "Je valide" not in html
    # The back button then « Je valide » again: the same answer, still the end screen.
    assert candidate_client.post(_url(course, "reponse/"), {"question": _question(course, 15).pk, "choice": "1"})
    assert Answer.objects.filter(course=course).count() == 15


def test_it_shows_a_test_ended_by_the_supervisor_and_takes_no_more_answers(
    candidate_client: Client, course: CertificationCourse
) -> None:
    course_end_by_supervisor(course=course, by=None)
    html = candidate_client.get(_url(course)).content.decode()
    assert "Votre surveillant a mis fin à votre test." in html
    _answer(candidate_client, course, 1, choice="1")
    assert not Answer.objects.exists()


def test_it_shows_a_finalised_session_and_takes_no_more_answers(
    candidate_client: Client, course: CertificationCourse
) -> None:
    course.session.status = SessionStatus.FINALISED
    course.session.save()
    html = candidate_client.get(_url(course)).content.decode()
    assert "La session a été finalisée" in html
    _answer(candidate_client, course, 1, choice="1")
    assert not Answer.objects.exists()


def test_it_hides_a_test_from_another_candidate(client: Client, course: CertificationCourse) -> None:
    client.force_login(UserFactory())
    question = _question(course, 1)
    assert client.get(_url(course)).status_code == 404
    assert client.post(_url(course, "reponse/"), {"question": question.pk, "choice": "1"}).status_code == 404
    assert client.post(_url(course, "sortie-de-page/"), {"question": question.pk}).status_code == 404
    assert client.get(f"/certification/tests/{course.pk + 1000}/").status_code == 404
    assert not Answer.objects.exists()


def test_it_refuses_a_question_of_another_test(candidate_client: Client, course: CertificationCourse) -> None:
    other = course_start_or_resume(
        candidate=(c := ready_candidate(session=course.session, now=timezone.now())), user=c.user
    )
    response = candidate_client.post(_url(course, "reponse/"), {"question": _question(other, 1).pk, "choice": "1"})
    assert response.status_code == 404


def test_it_asks_another_browser_to_join_again(client: Client, course: CertificationCourse) -> None:
    client.force_login(course.user)
    response = client.get(_url(course))
    assert response.status_code == 302 and response["Location"] == "/certification/"
    _answer(client, course, 1, choice="1")
    assert not Answer.objects.exists()


def test_it_shows_a_countdown_lengthened_by_extra_time(candidate_client: Client, course: CertificationCourse) -> None:
    challenge = _question(course, 1).challenge
    challenge.timer_seconds = 60
    challenge.save()
    course.extra_time_percentage = 50
    course.save()
    html = candidate_client.get(_url(course)).content.decode()
    assert 'data-seconds-left="90"' in html and 'role="timer"' in html
    assert "Temps écoulé" in html  # the message test.js shows at zero
    # A reload does not restart the countdown: it counts from the first display.
    question = _question(course, 1)
    question.first_shown_at = timezone.now() - dt.timedelta(seconds=100)
    question.save()
    assert 'data-seconds-left="0"' in candidate_client.get(_url(course)).content.decode()
    _answer(candidate_client, course, 1, choice="1")
    assert Answer.objects.get().status == AnswerStatus.TIMEDOUT


def test_it_warns_before_a_focus_question_and_records_leaving_the_page(
    candidate_client: Client, course: CertificationCourse
) -> None:
    challenge = _question(course, 1).challenge
    challenge.is_focus = True
    challenge.save()
    html = candidate_client.get(_url(course)).content.decode()
    assert "Question focus" in html and "data-focus-url=" in html and "test.js" in html
    response = candidate_client.post(_url(course, "sortie-de-page/"), {"question": _question(course, 1).pk})
    assert response.status_code == 204
    assert _question(course, 1).focus_lost_at is not None
    _answer(candidate_client, course, 1, choice="1")
    assert Answer.objects.get().status == AnswerStatus.FOCUSEDOUT


def test_it_answers_bad_request_to_a_malformed_focus_report(
    candidate_client: Client, course: CertificationCourse
) -> None:
    assert candidate_client.post(_url(course, "sortie-de-page/"), {"question": "x"}).status_code == 400
    assert candidate_client.get(_url(course, "sortie-de-page/")).status_code == 405

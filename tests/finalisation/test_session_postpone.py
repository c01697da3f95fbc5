"""« Reporter la session » carries every candidate who did not finish into the new session (issue 15, item 1).

Exam day: Léa Arnaud finished her test, Noé Bernard's test was running when the power went, Zoé Colin had
not started yet (she had joined, her presence was confirmed), Yanis Dumas had not even joined.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from html import unescape

import pytest
from django.db import connection, connections
from django.test import Client

from accounts.models import User
from candidates.models import BillingMode, Candidate
from centres.models import CertificationCentre
from certification.models import AbortReason, CertificationCourse, CourseStatus
from finalisation.models import CertificationReport, IssueReport, IssueSource
from finalisation.postponement import session_postpone
from finalisation.services import finalisation_open, finalisation_participants
from sessions_app.models import Session, SessionEvent
from sessions_app.services import SessionError
from tests.accounts.factories import UserFactory
from tests.candidates.factories import CandidateFactory
from tests.certification.factories import course_by_hand
from tests.finalisation.finalise_helpers import ExamDay, exam_day

NOW = dt.datetime(2031, 2, 3, 10, 15, tzinfo=dt.UTC)
NEW_DAY = dt.date(2031, 2, 10)


def _exam_day(centre: CertificationCentre) -> tuple[ExamDay, Candidate, Candidate]:
    day = exam_day(centre)
    zoe = CandidateFactory(
        session=day.session,
        first_name="Zoé",
        last_name="Colin",
        user=UserFactory(),
        joined_at=NOW,
        authorized_to_start_until=NOW,
        extra_time_percentage=33,
        billing_mode=BillingMode.PREPAID,
        prepayment_code="PREPAY-1",
        convocation_email="zoe@exemple.fr",
        result_recipient_email="parents.colin@exemple.fr",
        external_id="ELEVE-42",
    )
    yanis = CandidateFactory(session=day.session, first_name="Yanis", last_name="Dumas")
    return day, zoe, yanis


def _postpone(session: Session, admin: User) -> Session:
    return session_postpone(session=session, by=admin, date=NEW_DAY, time=dt.time(14, 0), now=NOW)


def test_it_moves_the_candidates_who_had_not_started_with_everything_they_were_enrolled_with(
    centre: CertificationCentre, admin: User
) -> None:
    day, zoe, yanis = _exam_day(centre)
    new = _postpone(day.session, admin)
    zoe.refresh_from_db()
    assert zoe.session == new
    assert (zoe.extra_time_percentage, zoe.billing_mode, zoe.prepayment_code) == (33, "PREPAID", "PREPAY-1")
    assert (zoe.convocation_email, zoe.result_recipient_email, zoe.external_id) == (
        "zoe@exemple.fr", "parents.colin@exemple.fr", "ELEVE-42",
    )
    # She joins the new session afresh, with its number and its code.
    assert (zoe.user, zoe.joined_at, zoe.authorized_to_start_until) == (None, None, None)
    assert Candidate.objects.get(pk=yanis.pk).session == new


def test_it_ends_a_started_test_on_the_old_session_for_a_technical_problem_and_enrols_the_candidate_again(
    centre: CertificationCentre, admin: User
) -> None:
    day, _zoe, _yanis = _exam_day(centre)
    day.running.extra_time_percentage = 10
    day.running.save()
    new = _postpone(day.session, admin)
    course = CertificationCourse.objects.get(pk=day.running_course.pk)
    assert course.session_id == day.session.pk
    assert (course.status, course.abort_reason, course.ended_at) == (
        CourseStatus.ENDED_BY_FINALISATION, AbortReason.TECHNICAL, NOW,
    )
    assert Candidate.objects.get(pk=day.running.pk).session_id == day.session.pk  # the test's record stays
    copy = Candidate.objects.get(session=new, last_name="Bernard")
    assert (copy.first_name, copy.birthdate, copy.extra_time_percentage) == ("Noé", day.running.birthdate, 10)
    assert copy.user is None and not hasattr(copy, "course")
    assert SessionEvent.objects.filter(session=day.session, kind="course.ended_by_postponement").count() == 1


def test_it_keeps_the_candidates_who_finished_on_the_old_session(centre: CertificationCentre, admin: User) -> None:
    day, _zoe, _yanis = _exam_day(centre)
    new = _postpone(day.session, admin)
    assert Candidate.objects.get(pk=day.finished.pk).session_id == day.session.pk
    assert CertificationCourse.objects.get(pk=day.finished_course.pk).status == CourseStatus.COMPLETED
    assert sorted(c.last_name for c in new.candidates.all()) == ["Bernard", "Colin", "Dumas"]
    assert sorted(c.last_name for c in day.session.candidates.all()) == ["Arnaud", "Bernard"]


def test_it_keeps_a_test_ended_by_the_supervisor_on_the_old_session(centre: CertificationCentre, admin: User) -> None:
    day = exam_day(centre)
    CertificationCourse.objects.filter(pk=day.running_course.pk).update(status=CourseStatus.ENDED_BY_SUPERVISOR)
    new = _postpone(day.session, admin)
    assert new.candidates.count() == 0
    assert CertificationCourse.objects.get(pk=day.running_course.pk).abort_reason == ""


def test_it_leaves_the_old_session_ready_to_be_finalised_without_the_candidates_who_left(
    centre: CertificationCentre, admin: User
) -> None:
    day, zoe, _yanis = _exam_day(centre)
    finalisation_open(session=day.session, by=admin)  # a draft already reports on Zoé, who had joined
    assert CertificationReport.objects.filter(candidate=zoe).exists()
    _postpone(day.session, admin)
    assert not CertificationReport.objects.filter(candidate=zoe).exists()
    assert sorted(c.last_name for c in finalisation_participants(day.session)) == ["Arnaud", "Bernard"]
    assert CertificationReport.objects.get(candidate=day.running).abort_reason == AbortReason.TECHNICAL


def test_it_keeps_the_live_incidents_of_an_interrupted_test_on_the_old_session(
    centre: CertificationCentre, admin: User
) -> None:
    day, _zoe, _yanis = _exam_day(centre)
    report = IssueReport.objects.create(
        candidate=day.running, course=day.running_course, code="C7", description="Coupure",
        source=IssueSource.LIVE, created_at=NOW,
    )
    _postpone(day.session, admin)
    assert IssueReport.objects.get(pk=report.pk).candidate.session_id == day.session.pk


def test_it_records_who_went_where_on_both_sessions(centre: CertificationCentre, admin: User) -> None:
    day, _zoe, _yanis = _exam_day(centre)
    new = _postpone(day.session, admin)
    old_event = SessionEvent.objects.get(session=day.session, kind="candidates.postponed")
    assert old_event.actor == admin and old_event.at == NOW
    assert old_event.data == {
        "new_session": new.pk,
        "count": 3,
        "moved": ["Noé Bernard", "Zoé Colin", "Yanis Dumas"],
        "interrupted": ["Noé Bernard"],
        "kept": ["Léa Arnaud"],
    }
    new_event = SessionEvent.objects.get(session=new, kind="candidates.received")
    assert new_event.data["old_session"] == day.session.pk
    assert new_event.data["moved"] == ["Noé Bernard", "Zoé Colin", "Yanis Dumas"]


def test_it_refuses_a_second_postponement_of_the_same_session(centre: CertificationCentre, admin: User) -> None:
    day, _zoe, _yanis = _exam_day(centre)
    new = _postpone(day.session, admin)
    message = f"La session n° {day.session.pk} a déjà été reportée : ses candidats sont dans la session n° {new.pk}."
    with pytest.raises(SessionError, match=re.escape(message)):
        _postpone(day.session, admin)
    assert Session.objects.count() == 2
    assert new.candidates.count() == 3


def test_it_postpones_the_new_session_again_with_the_same_rules(centre: CertificationCentre, admin: User) -> None:
    day, zoe, _yanis = _exam_day(centre)
    second = _postpone(day.session, admin)
    zoe.refresh_from_db()
    zoe.user, zoe.joined_at = UserFactory(), NOW
    zoe.save()
    course = course_by_hand(candidate=zoe, positions={"1.1": (2, 16)}, questions=[("1.1", None, False)])
    third = session_postpone(session=second, by=admin, date=dt.date(2031, 2, 17), time=dt.time(9, 0), now=NOW)
    assert sorted(c.last_name for c in third.candidates.all()) == ["Bernard", "Colin", "Dumas"]
    assert CertificationCourse.objects.get(pk=course.pk).abort_reason == AbortReason.TECHNICAL
    assert sorted(c.last_name for c in second.candidates.all()) == ["Colin"]  # her interrupted test's record
    assert third.postponed_from == second and second.postponed_from == day.session


def test_it_changes_nothing_when_the_new_date_is_refused(centre: CertificationCentre, admin: User) -> None:
    day, zoe, _yanis = _exam_day(centre)
    Session.objects.filter(pk=day.session.pk).update(status="finalised")
    with pytest.raises(SessionError):
        _postpone(day.session, admin)
    assert Candidate.objects.get(pk=zoe.pk).session_id == day.session.pk
    assert CertificationCourse.objects.get(pk=day.running_course.pk).status == CourseStatus.STARTED


# --- the pages ---------------------------------------------------------------------------------------


def test_the_form_says_who_will_go_and_who_will_stay(member_client: Client, centre: CertificationCentre) -> None:
    day, _zoe, _yanis = _exam_day(centre)
    html = unescape(member_client.get(f"/sessions/{day.session.pk}/reporter/").content.decode())
    assert "2 candidats n'ont pas commencé leur test : ils passent dans la nouvelle session." in html
    assert "1 candidat a commencé son test sans le terminer" in html
    assert "1 candidat a terminé son test : il reste dans cette session, à finaliser." in html


def test_both_session_pages_say_who_went_where(member_client: Client, centre: CertificationCentre) -> None:
    day, _zoe, _yanis = _exam_day(centre)
    response = member_client.post(
        f"/sessions/{day.session.pk}/reporter/", {"date": "2031-02-10", "time": "14:00"}, follow=True
    )
    new = Session.objects.exclude(pk=day.session.pk).get()
    assert response.redirect_chain == [(f"/sessions/{new.pk}/", 302)]
    html = unescape(response.content.decode())
    assert f"3 candidats sont venus de la session n° {day.session.pk} :" in html
    assert "Yanis Dumas" in html and "Noé Bernard — test interrompu dans la session d'origine" in html
    old_html = unescape(member_client.get(f"/sessions/{day.session.pk}/").content.decode())
    assert f"3 candidats sont passés dans la session n° {new.pk} :" in old_html
    assert "1 candidat a terminé son test et reste dans cette session, à finaliser :" in old_html
    assert "Léa Arnaud" in old_html
    assert f"/sessions/{day.session.pk}/reporter/" not in old_html  # no second postponement offered
    assert f"3 candidats reportés vers la session n° {new.pk}" in old_html  # the history


def test_the_form_of_a_session_already_postponed_links_to_the_new_one(
    member_client: Client, centre: CertificationCentre, admin: User
) -> None:
    day, _zoe, _yanis = _exam_day(centre)
    new = _postpone(day.session, admin)
    html = unescape(member_client.get(f"/sessions/{day.session.pk}/reporter/").content.decode())
    assert f"Cette session a déjà été reportée : ses candidats sont dans la session n° {new.pk}." in html
    assert "Nouvelle date" not in html


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor == "sqlite", reason="SQLite n'a pas de verrou de ligne : test sur PostgreSQL.")
def test_two_simultaneous_clicks_postpone_once(centre: CertificationCentre, admin: User) -> None:
    day, _zoe, _yanis = _exam_day(centre)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def click() -> None:
        try:
            barrier.wait(timeout=10)
            _postpone(Session.objects.get(pk=day.session.pk), admin)
            outcomes.append("ok")
        except SessionError as error:
            outcomes.append(error.message.split(" :")[0])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == [f"La session n° {day.session.pk} a déjà été reportée", "ok"]
    assert Session.objects.count() == 2
    assert Session.objects.exclude(pk=day.session.pk).get().candidates.count() == 3

"""Personal data purged on the retention schedule (docs/donnees-personnelles.md, candidates/retention.py,
accounts/retention.py).

The scanned documents (2 years) are tested in tests/finalisation/test_retention.py.
"""

from __future__ import annotations

import datetime as dt

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.sessions.models import Session as LoginSession
from django.db.models import Model

from accounts.models import Throttle, User
from accounts.throttle import stored_key
from candidates.models import Candidate
from candidates.retention import personal_data_purge
from candidates.tasks import personal_data_purge_task
from centres.models import CentreEvent, Student
from pixcertif.celery import app as celery_app
from referential.models import PlacementProfile
from sessions_app.event_kinds import SessionEventKind
from sessions_app.models import SessionEvent
from tests.accounts.factories import UserFactory
from tests.candidates.factories import CandidateFactory
from tests.centres.factories import ScoCentreFactory, StudentFactory
from tests.referential.factories import PlacementProfileFactory
from tests.sessions_app.factories import SessionFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2024, 6, 1, 10, 0, tzinfo=dt.UTC)


def _candidate(days_ago: int) -> Candidate:
    session = SessionFactory(date=NOW.date() - dt.timedelta(days=days_ago))
    return CandidateFactory(
        session=session,
        last_name="Martin",
        convocation_email="lea@famille.fr",
        result_recipient_email="prof@lycee.fr",
    )


def test_it_clears_the_contact_emails_a_year_after_the_session_and_keeps_the_rest() -> None:
    old, recent = _candidate(400), _candidate(200)
    report = personal_data_purge(now=NOW)
    assert report.contacts == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.convocation_email, old.result_recipient_email) == ("", "")
    assert old.last_name == "Martin"  # what the certificate needs stays
    assert (recent.convocation_email, recent.result_recipient_email) == ("lea@famille.fr", "prof@lycee.fr")
    event = SessionEvent.objects.get(session=old.session, kind="candidates.contacts_purged")
    assert event.data == {"count": 1}
    assert "lea@famille.fr" not in str(event.data)
    assert "candidates.contacts_purged" in SessionEventKind.values


def test_a_second_run_purges_and_audits_nothing_more() -> None:
    _candidate(400)
    assert personal_data_purge(now=NOW).contacts == 1
    assert personal_data_purge(now=NOW).contacts == 0
    assert SessionEvent.objects.filter(kind="candidates.contacts_purged").count() == 1


def test_it_deletes_students_who_left_over_a_year_ago_and_never_were_candidates() -> None:
    school = ScoCentreFactory()
    long_gone = StudentFactory(centre=school, is_active=False, left_at=NOW - dt.timedelta(days=400))
    PlacementProfileFactory(student=long_gone, user=None)
    enrolled = StudentFactory(centre=school, is_active=False, left_at=NOW - dt.timedelta(days=400))
    CandidateFactory(student=enrolled, session=SessionFactory(centre=school, date=NOW.date()))
    recently_gone = StudentFactory(centre=school, is_active=False, left_at=NOW - dt.timedelta(days=100))
    present = StudentFactory(centre=school)

    assert personal_data_purge(now=NOW).students == 1

    assert set(Student.objects.values_list("pk", flat=True)) == {enrolled.pk, recently_gone.pk, present.pk}
    assert not PlacementProfile.objects.filter(student_id=long_gone.pk).exists()
    event = CentreEvent.objects.get(centre=school, kind="students.purged")
    assert event.data == {"count": 1}
    assert personal_data_purge(now=NOW).students == 0


def test_the_daily_task_runs_the_schedule() -> None:
    _candidate(10_000)
    assert personal_data_purge_task.delay().get() == {
        "contacts": 1,
        "students": 0,
        "login_records": 0,
        "throttles": 0,
        "sessions": 0,
        "pending_signups": 0,
    }
    schedule = {entry["task"] for entry in celery_app.conf.beat_schedule.values()}
    assert "candidates.tasks.personal_data_purge_task" in schedule


# --- The accounts' own records (accounts/retention.py) -----------------------------------------

DAY = dt.timedelta(days=1)


def _aged(model: type[Model], age: dt.timedelta, **fields: object) -> Model:
    # attempt_time is auto_now_add: set afterwards.
    row = model.objects.create(
        user_agent=f"Mozilla/5.0 ({age.days})",  # (username, address, browser) is unique among attempts
        ip_address="203.0.113.7",
        username="lea@exemple.fr",
        http_accept="*/*",
        path_info="/connexion/",
        **fields,
    )
    model.objects.filter(pk=row.pk).update(attempt_time=NOW - age)
    return row


def test_it_deletes_the_login_log_after_six_months_and_the_attempt_counters_after_thirty_days() -> None:
    _aged(AccessLog, 181 * DAY)
    new_log = _aged(AccessLog, 179 * DAY)
    _aged(AccessFailureLog, 181 * DAY)
    new_failure = _aged(AccessFailureLog, 10 * DAY)
    attempt = {"get_data": "", "post_data": "username=lea@exemple.fr", "failures_since_start": 2}
    _aged(AccessAttempt, 31 * DAY, **attempt)
    new_attempt = _aged(AccessAttempt, 29 * DAY, **attempt)
    assert personal_data_purge(now=NOW).accounts.login_records == 3
    assert list(AccessLog.objects.values_list("pk", flat=True)) == [new_log.pk]
    assert list(AccessFailureLog.objects.values_list("pk", flat=True)) == [new_failure.pk]
    assert list(AccessAttempt.objects.values_list("pk", flat=True)) == [new_attempt.pk]
    assert personal_data_purge(now=NOW).accounts.login_records == 0


def test_it_deletes_the_throttle_rows_that_remember_nothing_for_a_week() -> None:
    def row(key: str, **fields: object) -> Throttle:
        return Throttle.objects.create(scope="verification", key=stored_key("verification", key), **fields)

    forgotten = row("1", locked_until=NOW - 8 * DAY, lock_count=1)
    reset = row("2")  # a success forgot its failures: nothing left to remember
    counting = row("3", failures=3, window_started_at=NOW - DAY)
    recently_locked = row("4", locked_until=NOW - 6 * DAY, lock_count=2)
    still_locked = row("5", locked_until=NOW + DAY, lock_count=9)
    assert personal_data_purge(now=NOW).accounts.throttles == 2
    assert set(Throttle.objects.values_list("pk", flat=True)) == {counting.pk, recently_locked.pk, still_locked.pk}
    assert not Throttle.objects.filter(pk__in=[forgotten.pk, reset.pk]).exists()


def test_it_deletes_the_expired_login_sessions_as_clearsessions_would() -> None:
    LoginSession.objects.create(session_key="a" * 32, session_data="x", expire_date=NOW - dt.timedelta(minutes=1))
    LoginSession.objects.create(session_key="b" * 32, session_data="x", expire_date=NOW + dt.timedelta(hours=11))
    assert personal_data_purge(now=NOW).accounts.sessions == 1
    assert list(LoginSession.objects.values_list("session_key", flat=True)) == ["b" * 32]


def test_it_deletes_the_sign_ups_left_pending_for_a_week_and_no_real_account() -> None:
    def pending(email: str, age: dt.timedelta) -> User:
        return User.objects.create_user(email, None, is_active=False, date_joined=NOW - age)

    old_pending, new_pending = pending("vieux@exemple.fr", 8 * DAY), pending("recent@exemple.fr", 6 * DAY)
    deactivated = UserFactory(email="desactive@exemple.fr", is_active=False, date_joined=NOW - 900 * DAY)
    never_logged_in = UserFactory(email="actif@exemple.fr", date_joined=NOW - 900 * DAY)
    assert personal_data_purge(now=NOW).accounts.pending_signups == 1
    assert set(User.objects.values_list("pk", flat=True)) == {new_pending.pk, deactivated.pk, never_logged_in.pk}
    assert not User.objects.filter(pk=old_pending.pk).exists()

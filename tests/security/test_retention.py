"""Personal data purged on the retention schedule (docs/donnees-personnelles.md, candidates/retention.py).

The scanned documents (2 years) are tested in tests/finalisation/test_retention.py.
"""

from __future__ import annotations

import datetime as dt

import pytest

from candidates.models import Candidate
from candidates.retention import personal_data_purge
from candidates.tasks import personal_data_purge_task
from centres.models import CentreEvent, Student
from pixcertif.celery import app as celery_app
from referential.models import PlacementProfile
from sessions_app.event_labels import LABELS
from sessions_app.models import SessionEvent
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
    assert "candidates.contacts_purged" in LABELS


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
    assert personal_data_purge_task.delay().get() == {"contacts": 1, "students": 0}
    schedule = {entry["task"] for entry in celery_app.conf.beat_schedule.values()}
    assert "candidates.tasks.personal_data_purge_task" in schedule

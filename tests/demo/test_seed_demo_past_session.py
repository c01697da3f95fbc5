"""seed_demo's finalised past session of the demo lycée: Pix staff find it in « Sessions à traiter »."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from certification.models import CertificationCourse, CourseStatus
from certification.selectors import latest_result
from demo.past_session import PAST_SESSION_ROOM
from finalisation.models import IssueReport
from results.models import SessionToProcess, SessionToPublish
from sessions_app.models import Session, SessionStatus

pytestmark = pytest.mark.django_db


def _seed(settings: object, tmp_path: Path) -> str:
    settings.VAR_DIR = tmp_path  # type: ignore[attr-defined]
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_seed_demo_twice_gives_one_finalised_past_session_to_process_with_scored_courses(
    settings: object, tmp_path: Path
) -> None:
    _seed(settings, tmp_path)
    output = _seed(settings, tmp_path)

    sessions = Session.objects.filter(room=PAST_SESSION_ROOM)
    assert sessions.count() == 1
    session = sessions.select_related("centre").get()
    assert session.centre.name == "Lycée Victor Hugo" and session.centre.uai == "0751234A"
    assert session.status == SessionStatus.FINALISED and session.finalised_at is not None
    assert session.date < timezone.localdate()
    assert session.is_publishable is False  # the auto-jury ran; the global comment leaves it to staff
    assert list(SessionToProcess.objects.filter(pk=session.pk)) == [SessionToProcess.objects.get(pk=session.pk)]
    assert not SessionToPublish.objects.filter(pk=session.pk).exists()

    courses = list(CertificationCourse.objects.filter(session=session).select_related("candidate"))
    assert len(courses) == 4
    for course in courses:
        assert course.status == CourseStatus.COMPLETED
        assert course.candidate.student_id is not None  # from the demo roster
        assert course.started_at.date() == session.date
        result = latest_result(course)
        assert result is not None and result.status == "validated" and result.pix_score > 0

    report = IssueReport.objects.get(candidate__session=session)
    assert report.code == "E4" and report.resolved_at is not None
    assert report.course is not None
    first, last = report.course.results.order_by("pk").first(), latest_result(report.course)
    assert first is not None and last is not None and last.pix_score > first.pix_score  # the neutralisation counts

    assert f"« Sessions à traiter » : session n° {session.pk} du Lycée Victor Hugo" in output
    assert "eleve1@pixcertif.demo" in output, "the students' logins are printed"
    assert f"({session.date:%d/%m/%Y})" in output and session.date >= timezone.localdate() - dt.timedelta(days=7)

"""seed_demo's « examen blanc » (issue 4, « Done when »): today's session with the three demo candidate
accounts enrolled under their own identity, which they can join once the supervisor confirms them.
"""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from candidates.models import Candidate
from candidates.services import candidate_confirm_presence, candidate_join
from certification.models import CourseStatus
from certification.services import CertificationError, course_start_or_resume
from demo import files as demo_files
from demo.management.commands.seed_demo import (
    CANDIDATE_ACCOUNTS,
    CANDIDATE_IDENTITIES,
    MOCK_EXAM_SUPERVISOR,
    mock_exam_session,
    next_half_hour,
)
from sessions_app.models import Session

pytestmark = pytest.mark.django_db

PARIS = dt.timezone(dt.timedelta(hours=1))


def _seed(settings: object, tmp_path: Path) -> str:
    settings.VAR_DIR = tmp_path  # type: ignore[attr-defined]
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_seed_demo_twice_gives_one_mock_exam_today_with_the_three_accounts_identities(
    settings: object, tmp_path: Path
) -> None:
    _seed(settings, tmp_path)
    output = _seed(settings, tmp_path)

    today = timezone.localdate()
    sessions = Session.objects.filter(room=demo_files.MOCK_EXAM_ROOM)
    assert sessions.count() == 1
    session = sessions.get()
    assert session == mock_exam_session(today)
    assert session.date == today and session.centre.name == demo_files.SUP_CENTRE_NAME
    assert session.time.minute in (0, 30)
    candidates = {c.first_name: c for c in Candidate.objects.filter(session=session)}
    assert len(candidates) == 3
    for email, first, last, _levels in CANDIDATE_ACCOUNTS:
        user = User.objects.get(email=email)
        candidate = candidates[first]
        sex, birthdate, extra_time = CANDIDATE_IDENTITIES[email]
        assert (candidate.first_name, candidate.last_name) == (user.first_name, user.last_name) == (first, last)
        assert (candidate.birthdate, candidate.sex, candidate.extra_time_percentage) == (birthdate, sex, extra_time)
        assert candidate.user is None
        assert f"{email:28} prénom {first}, nom de naissance {last}, né(e) le {birthdate:%d/%m/%Y}" in output
    assert candidates["Yanis"].extra_time_percentage == 33

    # The printed block: number, access code, password with its « C- », who supervises.
    assert f"Examen blanc : session n° {session.pk}" in output
    assert f"code d'accès candidat : {session.access_code}" in output
    assert f"mot de passe de session : C-{session.supervisor_password}" in output
    assert f"{MOCK_EXAM_SUPERVISOR} ouvre http://127.0.0.1:8000/surveillance/" in output
    # The ODS demo file is for another SUP session: importing it must not replace the mock exam's candidates.
    ods_session = demo_files.sup_demo_session(today)
    assert ods_session is not None and ods_session != session

    logins = StringIO()
    call_command("seed_demo", "--logins", stdout=logins)
    assert f"Examen blanc : session n° {session.pk}" in logins.getvalue()


def test_a_previous_days_mock_exam_gives_a_new_one_today(settings: object, tmp_path: Path) -> None:
    _seed(settings, tmp_path)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    Session.objects.filter(room=demo_files.MOCK_EXAM_ROOM).update(date=yesterday)

    _seed(settings, tmp_path)

    dates = sorted(Session.objects.filter(room=demo_files.MOCK_EXAM_ROOM).values_list("date", flat=True))
    assert dates == [yesterday, timezone.localdate()]
    assert Candidate.objects.filter(session=mock_exam_session(timezone.localdate())).count() == 3


def test_a_demo_candidate_joins_the_mock_exam_once_presence_is_confirmed(settings: object, tmp_path: Path) -> None:
    _seed(settings, tmp_path)
    session = mock_exam_session(timezone.localdate())
    assert session is not None
    supervisor = User.objects.get(email=MOCK_EXAM_SUPERVISOR)
    email, first, last, _levels = CANDIDATE_ACCOUNTS[1]
    user = User.objects.get(email=email)
    _sex, birthdate, _extra = CANDIDATE_IDENTITIES[email]

    # Typed as a candidate might: other case, extra spaces, the exact birthdate.
    candidate = candidate_join(
        session=session, user=user, first_name=first.upper(), last_name=f" {last.lower()} ", birthdate=birthdate
    )
    with pytest.raises(CertificationError, match="n'a pas confirmé votre présence"):
        course_start_or_resume(candidate=candidate, user=user)

    candidate_confirm_presence(candidate=candidate, by=supervisor)
    course = course_start_or_resume(candidate=candidate, user=user)

    assert course.status == CourseStatus.STARTED
    assert course.extra_time_percentage == 33
    assert 15 <= course.challenges.count() <= 48


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (dt.datetime(2025, 3, 12, 9, 0, tzinfo=PARIS), dt.time(9, 30)),
        (dt.datetime(2025, 3, 12, 9, 29, tzinfo=PARIS), dt.time(9, 30)),
        (dt.datetime(2025, 3, 12, 9, 30, tzinfo=PARIS), dt.time(10, 0)),
        (dt.datetime(2025, 3, 12, 23, 50, tzinfo=PARIS), dt.time(23, 30)),
    ],
)
def test_the_mock_exam_starts_at_the_next_half_hour_and_stays_today(now: dt.datetime, expected: dt.time) -> None:
    assert next_half_hour(now) == expected

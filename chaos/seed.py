"""Data of a chaos run, made with the project's own factories (tests/) and services, in the runner process.

The factories are imported at run time (``importlib``): tests/ is outside what mypy checks.
"""
# ruff: noqa: S311 (randomness of simulated candidates, not of secrets)

from __future__ import annotations

import datetime as dt
import importlib
import random
import threading
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.utils import timezone

from certification.models import CertificationCourse, CourseStatus
from certification.services import course_start_or_resume
from certification.views import SESSION_KEY as COURSES_KEY
from sessions_app.models import Session

_LOCK = threading.Lock()


def _factories(name: str) -> Any:
    return importlib.import_module(f"tests.{name}")


def content_bank() -> None:
    """The small content bank of the certification tests: five competences, QCU whose answer is « 1 »."""
    _factories("certification.factories").bank()


def exam_session() -> Session:
    """A session open to candidates (status « créée »)."""
    session: Session = _factories("sessions_app.factories").SessionFactory()
    return session


@dataclass(frozen=True)
class Candidate:
    """A candidate whose test has started, and the session cookie of the browser that joined it."""

    course_id: int
    session_cookie: str


def _browser_session(course: CertificationCourse) -> str:
    """What the join page leaves in the browser session: logged in, bound to the test (as ``force_login``)."""
    user = course.user
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[COURSES_KEY] = [course.pk]
    store.create()
    assert store.session_key is not None
    return store.session_key


def started_candidate(session: Session, *, seed: int) -> Candidate:
    """A certifiable candidate of ``session`` whose test is started (``course_start_or_resume``)."""
    with _LOCK:
        try:
            candidate = _factories("certification.factories").ready_candidate(session=session, now=timezone.now())
            course = course_start_or_resume(candidate=candidate, user=candidate.user, rng=random.Random(seed))
            return Candidate(course.pk, _browser_session(course))
        finally:
            connection.close()  # one connection per thread otherwise; the runner's threads come and go


def completed_courses(session: Session, count: int, *, seed: int) -> list[int]:
    """``count`` tests answered to the end through ``answer_submit`` (each completion queues its scoring)."""
    from certification.models import CertificationChallenge
    from certification.services import answer_submit

    rng = random.Random(seed)
    ids = []
    for n in range(count):
        course = CertificationCourse.objects.get(pk=started_candidate(session, seed=seed + n).course_id)
        for question in CertificationChallenge.objects.filter(course=course).order_by("position"):
            answer_submit(course=course, question=question, value=rng.choice("012"), skipped=False)
        course.refresh_from_db()
        assert course.status == CourseStatus.COMPLETED
        ids.append(course.pk)
    return ids


def finalised_session_with_reports(candidates: int) -> Session:
    """A finalised session (as the auto-jury's worker test builds it): ``candidates`` completed tests, each
    with an E4 report on question 1 answered wrong, so the auto-jury neutralises it and rescores."""
    sessions = _factories("sessions_app.factories")
    cert = _factories("certification.factories")
    people = _factories("candidates.factories")
    users = _factories("accounts.factories")
    from finalisation.models import IssueReport, IssueSource
    from sessions_app.models import SessionStatus

    t0 = cert.T0
    session: Session = sessions.SessionFactory(
        status=SessionStatus.FINALISED, started_at=t0, finalised_at=t0 + dt.timedelta(hours=2)
    )
    statuses = ["ko", "ok", "ok"] * 4 + ["ok"] * 3
    for _n in range(candidates):
        candidate = people.CandidateFactory(session=session, user=users.UserFactory())
        course = cert.course_by_hand(
            candidate=candidate,
            positions=dict.fromkeys(cert.FIVE, (3, 24)),
            questions=[(cert.FIVE[i // 3], status, False) for i, status in enumerate(statuses)],
        )
        CertificationCourse.objects.filter(pk=course.pk).update(
            status=CourseStatus.COMPLETED, completed_at=t0 + dt.timedelta(minutes=30)
        )
        IssueReport.objects.create(
            candidate=candidate,
            course=course,
            code="E4",
            question_number=1,
            source=IssueSource.FINALISATION,
            created_at=t0 + dt.timedelta(minutes=40),
        )
    return session


def published_school_session(students: int) -> tuple[Session, str]:
    """A school's (SCO) finalised session, ``students`` validated certifications, published by Pix staff:
    the publication queues the refresh of the school's LSU export (``school_export_refresh_task``) and the build
    of its certificates (``certificate_batch_build_task``)."""
    from results.services import session_publish

    centres = _factories("centres.factories")
    publication = _factories("results.publication_factories")
    lsu = _factories("results.lsu_factories")
    certificates = _factories("results.certificate_factories")
    school = centres.ScoCentreFactory()
    session: Session = publication.finalised_session(school)
    for n in range(students):
        student = centres.StudentFactory(centre=school)
        lsu.student_course(session, student, pix=8 * (n + 10), levels=certificates.LEVELS)
    staff = _factories("accounts.factories").UserFactory(is_staff=True)
    session = session_publish(session=session, by=staff)
    return session, str(school.uai)

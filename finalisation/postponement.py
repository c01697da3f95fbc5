"""« Reporter la session » with its candidates (docs/inscription-des-candidats.md, « Report d'une session »).

An interrupted session cannot resume with its access code (FAQ): the centre postpones it. Every
candidate who did not finish goes to the new session — not started: the row itself moves; started and not
completed: the test ends here with the abort reason « Problème technique » and a copy of the candidate
(same extra time, billing, e-mails, pupil) is enrolled in the new session. The candidates who finished
stay, to be finalised. It lives here because it touches candidates, their tests and the finalisation's
per-candidate reports: finalisation is the lowest app that sees all three (DESIGN.md, import order).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from candidates.models import Candidate
from certification.models import AbortReason, CertificationCourse, CourseStatus
from finalisation.models import CertificationReport
from sessions_app import services as session_services
from sessions_app.models import Session
from sessions_app.services import session_event_record

# Fields that stay with the session or with the account, not with the person enrolled.
_NOT_COPIED = frozenset({"id", "session", "user", "joined_at", "authorized_to_start_until", "created_at"})


@dataclass
class PostponementPlan:
    """Who goes and who stays; pure once read (the view shows it before the click, the service applies it)."""

    not_started: list[Candidate] = field(default_factory=list)
    interrupted: list[Candidate] = field(default_factory=list)
    finished: list[Candidate] = field(default_factory=list)

    @property
    def moving(self) -> list[Candidate]:
        return sorted([*self.not_started, *self.interrupted], key=lambda c: (c.last_name, c.first_name, c.pk))


def _course_of(candidate: Candidate) -> CertificationCourse | None:
    return getattr(candidate, "course", None)


def postponement_plan(candidates: list[Candidate]) -> PostponementPlan:
    """Finished means the test is over: completed, or ended by the supervisor (« Terminer le test » is final)."""
    plan = PostponementPlan()
    for candidate in candidates:
        course = _course_of(candidate)
        if course is None:
            plan.not_started.append(candidate)
        elif course.status == CourseStatus.STARTED:
            plan.interrupted.append(candidate)
        else:
            plan.finished.append(candidate)
    return plan


def session_postponement_plan(session: Session) -> PostponementPlan:
    return postponement_plan(list(Candidate.objects.filter(session=session).select_related("course")))


def _name(candidate: Candidate) -> str:
    return f"{candidate.first_name} {candidate.last_name}"


def _copy_into(candidate: Candidate, session: Session) -> Candidate:
    values = {
        f.attname: getattr(candidate, f.attname) for f in Candidate._meta.concrete_fields if f.name not in _NOT_COPIED
    }
    return Candidate.objects.create(session=session, **values)


def _end_interrupted(course: CertificationCourse, *, by: User | None, now: dt.datetime) -> None:
    # As the finalisation ends an unfinished test (same status, scored by the auto-jury after it), with the
    # reason already known: the session was interrupted, the candidate did not leave.
    course.status = CourseStatus.ENDED_BY_FINALISATION
    course.abort_reason = AbortReason.TECHNICAL
    course.ended_at = now
    course.resume_authorised_until = None
    course.save(update_fields=["status", "abort_reason", "ended_at", "resume_authorised_until"])
    CertificationReport.objects.filter(candidate_id=course.candidate_id).update(abort_reason=AbortReason.TECHNICAL)
    session_event_record(
        session=course.session, kind="course.ended_by_postponement", by=by, now=now, course=course.pk
    )


def session_postpone(
    *, session: Session, by: User | None, date: dt.date, time: dt.time, now: dt.datetime | None = None
) -> Session:
    """The new session, with every unfinished candidate of ``session``; all of it or nothing.

    The old session's row lock (taken first, by sessions_app's session_postpone) serialises two clicks: the
    second one finds the session already postponed and is refused.
    """
    now = now or timezone.now()
    with transaction.atomic():
        new = session_services.session_postpone(session=session, by=by, date=date, time=time, now=now)
        candidates = list(
            Candidate.objects.select_for_update(of=("self",))
            .filter(session_id=session.pk)
            .select_related("course")
            .order_by("last_name", "first_name", "pk")
        )
        plan = postponement_plan(candidates)
        for candidate in plan.not_started:
            # Joining is per session (its number, its code): the candidate joins the new one afresh.
            candidate.session = new
            candidate.user = None
            candidate.joined_at = None
            candidate.authorized_to_start_until = None
            candidate.save(update_fields=["session", "user", "joined_at", "authorized_to_start_until"])
            # The old session's finalisation no longer reports on a candidate who left it.
            CertificationReport.objects.filter(candidate=candidate).delete()
        for candidate in plan.interrupted:
            course = _course_of(candidate)
            assert course is not None
            course.session = session
            _end_interrupted(course, by=by, now=now)
            _copy_into(candidate, new)
        moved = [_name(c) for c in plan.moving]
        interrupted = [_name(c) for c in plan.interrupted]
        session_event_record(
            session=session,
            kind="candidates.postponed",
            by=by,
            now=now,
            new_session=new.pk,
            count=len(moved),
            moved=moved,
            interrupted=interrupted,
            kept=[_name(c) for c in plan.finished],
        )
        session_event_record(
            session=new,
            kind="candidates.received",
            by=by,
            now=now,
            old_session=session.pk,
            count=len(moved),
            moved=moved,
            interrupted=interrupted,
        )
    return new

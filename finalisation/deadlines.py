"""The 48-hour finalisation deadline (DOMAIN.md §6): a reminder 24 h before, an overdue flag at the deadline.

Deadlines are columns, never countdown tasks (DESIGN.md, "Background work"): a beat sweep every minute
selects the due rows and applies each transition with a conditional update, so that running it twice,
or two sweeps at once, reminds and flags a session once. Only the winner of the update writes the
event and queues the e-mail's task after commit (finalisation/emails.py).

Sessions nobody started are left alone: they are meant to be deleted, not finalised (docs/delais-de-finalisation.md).
Nothing here blocks a late finalisation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from finalisation.emails import finalisation_overdue_email_task, finalisation_reminder_email_task
from pixcertif.lib.tasks import enqueue_on_commit
from sessions_app.models import Session, SessionStatus
from sessions_app.services import session_event_record

REMINDER_BEFORE = dt.timedelta(hours=24)


@dataclass
class SweepReport:
    reminded: list[int] = field(default_factory=list)
    flagged_overdue: list[int] = field(default_factory=list)


def _started_and_open() -> QuerySet[Session]:
    return Session.objects.filter(status=SessionStatus.CREATED, started_at__isnull=False)


def sessions_due_for_reminder(*, now: dt.datetime) -> QuerySet[Session]:
    # Past the deadline the overdue flag takes over: a « 24 h left » reminder would be wrong by then.
    return _started_and_open().filter(
        finalisation_reminder_sent_at__isnull=True,
        finalisation_due_at__gt=now,
        finalisation_due_at__lte=now + REMINDER_BEFORE,
    )


def sessions_due_for_overdue_flag(*, now: dt.datetime) -> QuerySet[Session]:
    return _started_and_open().filter(overdue_at__isnull=True, finalisation_due_at__lte=now)


def session_finalisation_remind(*, session_id: int, now: dt.datetime | None = None) -> bool:
    """Mark the reminder sent and queue its e-mail; False when another sweep did it or the session moved on."""
    now = now or timezone.now()
    with transaction.atomic():
        # The WHERE re-checks every condition: the row may have been finalised or reminded since it was selected.
        won = sessions_due_for_reminder(now=now).filter(pk=session_id).update(finalisation_reminder_sent_at=now)
        if not won:
            return False
        session = Session.objects.get(pk=session_id)
        session_event_record(
            session=session,
            kind="session.finalisation_reminder_sent",
            by=None,
            now=now,
            due_at=session.finalisation_due_at.isoformat(),
        )
        # A failing mail server or broker never stops the sweep: the e-mail is a task of its own.
        enqueue_on_commit(finalisation_reminder_email_task, session_id)
    return True


def session_overdue_flag(*, session_id: int, now: dt.datetime | None = None) -> bool:
    """Flag the session overdue and queue the staff alert; False when already flagged or no longer due."""
    now = now or timezone.now()
    with transaction.atomic():
        won = sessions_due_for_overdue_flag(now=now).filter(pk=session_id).update(overdue_at=now)
        if not won:
            return False
        session = Session.objects.get(pk=session_id)
        session_event_record(
            session=session, kind="session.overdue", by=None, now=now, due_at=session.finalisation_due_at.isoformat()
        )
        enqueue_on_commit(finalisation_overdue_email_task, session_id)
    return True


def finalisation_deadlines_sweep(*, now: dt.datetime | None = None) -> SweepReport:
    """One pass of the beat sweep; each session in its own transaction so one failure blocks no other."""
    now = now or timezone.now()
    report = SweepReport()
    for session_id in list(
        sessions_due_for_reminder(now=now).order_by("finalisation_due_at").values_list("pk", flat=True)
    ):
        if session_finalisation_remind(session_id=session_id, now=now):
            report.reminded.append(session_id)
    for session_id in list(
        sessions_due_for_overdue_flag(now=now).order_by("finalisation_due_at").values_list("pk", flat=True)
    ):
        if session_overdue_flag(session_id=session_id, now=now):
            report.flagged_overdue.append(session_id)
    return report

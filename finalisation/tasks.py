"""Celery tasks of the finalisation app: thin wrappers over services, taking ids, safe to run twice."""

from __future__ import annotations

from celery import shared_task

from finalisation.auto_jury import auto_jury_sweep, session_auto_jury
from finalisation.deadlines import finalisation_deadlines_sweep
from finalisation.retention import scanned_documents_purge


@shared_task(acks_late=True)
def session_auto_jury_task(session_id: int) -> None:
    """Queued on commit by ``session_finalise``."""
    session_auto_jury(session_id=session_id)


@shared_task(acks_late=True)
def auto_jury_sweep_task() -> list[int]:
    """Every minute (beat): finalised sessions whose auto-jury task never ran (broker down at finalisation)."""
    return auto_jury_sweep()


@shared_task(acks_late=True)
def finalisation_deadlines_sweep_task() -> dict[str, list[int]]:
    """Every minute (beat): reminders 24 h before the 48-hour deadline, overdue flags at it."""
    report = finalisation_deadlines_sweep()
    return {"reminded": report.reminded, "flagged_overdue": report.flagged_overdue}


@shared_task(acks_late=True)
def scanned_documents_purge_task() -> int:
    """Daily at 03:00 (beat): scanned documents of sessions older than 2 years."""
    return scanned_documents_purge()

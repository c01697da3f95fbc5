"""Celery tasks of the finalisation app: thin wrappers over services, taking ids, safe to run twice."""

from __future__ import annotations

from celery import shared_task

from finalisation.deadlines import finalisation_deadlines_sweep
from finalisation.retention import scanned_documents_purge


@shared_task(acks_late=True)
def finalisation_deadlines_sweep_task() -> dict[str, list[int]]:
    """Every minute (beat): reminders 24 h before the 48-hour deadline, overdue flags at it."""
    report = finalisation_deadlines_sweep()
    return {"reminded": report.reminded, "flagged_overdue": report.flagged_overdue}


@shared_task(acks_late=True)
def scanned_documents_purge_task() -> int:
    """Daily at 03:00 (beat): scanned documents of sessions older than 2 years."""
    return scanned_documents_purge()

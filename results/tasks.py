"""Celery tasks of the results app: thin wrappers over services, taking ids, safe to run twice."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.db import DatabaseError

from results.certificate_build import certificate_batch_build, certificate_files_orphans_purge
from results.emails import session_results_emails_send
from results.school_export_build import school_export_failure_record, school_export_refresh


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, retry_backoff_max=600, max_retries=5)
def certificate_batch_build_task(session_id: int) -> int | None:
    """Queued on commit by ``certificate_batch_request``; a failure is stored on the batch, then retried."""
    batch = certificate_batch_build(session_id=session_id)
    return batch.certificate_count if batch else None


@shared_task(acks_late=True)
def certificate_files_orphans_purge_task() -> int:
    """Daily (beat): the batch files a killed worker left behind, never served, are deleted."""
    return certificate_files_orphans_purge()


@shared_task(
    acks_late=True, autoretry_for=(DatabaseError, OSError), retry_backoff=True, retry_backoff_max=600, max_retries=8
)
def school_export_refresh_task(uai: str) -> int:
    """Queued on commit by ``school_exports_refresh_later`` (publication, unpublication, jury change) and by the
    staff action « Rafraîchir maintenant »; recomputes the whole export of the school, so running it twice is
    harmless. A failure is stored on the export (staff view), then retried with backoff."""
    try:
        export = school_export_refresh(uai=uai)
    except Exception as error:
        school_export_failure_record(uai=uai, error=f"{type(error).__name__}: {error}")
        raise
    return export.certification_count


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def session_results_emails_task(session_id: int, issued_at: str) -> int:
    """Queued on commit by ``session_publish``: the recipients' links, issued at the publication (their 30 days
    run from it); nothing is sent for a session unpublished since. The number of e-mails sent."""
    return session_results_emails_send(session_id=session_id, now=dt.datetime.fromisoformat(issued_at))

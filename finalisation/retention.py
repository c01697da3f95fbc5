"""Retention of the scanned attendance sheets / PV d'incident: kept 2 years after the session, then purged (FAQ).

A daily beat task calls ``scanned_documents_purge``; each document is purged by a conditional update,
so that two runs at once or a run repeated after a crash purge and audit it once.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from finalisation.models import SessionFinalisation
from sessions_app.services import session_event_record

logger = logging.getLogger(__name__)


def scanned_documents_due_for_purge(*, now: dt.datetime) -> QuerySet[SessionFinalisation]:
    """Documents of sessions dated more than PIXCERTIF_SCANNED_DOCUMENT_RETENTION (730 days) ago."""
    cutoff = timezone.localdate(now) - settings.PIXCERTIF_SCANNED_DOCUMENT_RETENTION
    return SessionFinalisation.objects.filter(
        session__date__lt=cutoff, scanned_document_purged_at__isnull=True
    ).exclude(scanned_document="")


def scanned_document_purge(*, finalisation_id: int, now: dt.datetime | None = None) -> bool:
    """Delete one scanned document from storage and clear it → ``scanned_document.purged``; False if already done."""
    now = now or timezone.now()
    with transaction.atomic():
        finalisation = (
            scanned_documents_due_for_purge(now=now).select_related("session").filter(pk=finalisation_id).first()
        )
        if finalisation is None:
            return False
        name = finalisation.scanned_document.name
        won = (
            SessionFinalisation.objects.filter(pk=finalisation_id, scanned_document_purged_at__isnull=True)
            .exclude(scanned_document="")
            .update(scanned_document="", scanned_document_purged_at=now)
        )
        if not won:
            return False
        # Deleted inside the transaction: if storage fails, the row rolls back and tomorrow's run retries;
        # a file already gone (a run that crashed after deleting it) is no error.
        finalisation.scanned_document.storage.delete(name)
        session_event_record(
            session=finalisation.session, kind="scanned_document.purged", by=None, now=now, document=name
        )
    logger.info("Document numérisé supprimé (session %s) : %s", finalisation.session_id, name)
    return True


def scanned_documents_purge(*, now: dt.datetime | None = None) -> int:
    """Purge every document past its retention; returns how many this run purged."""
    now = now or timezone.now()
    ids = list(scanned_documents_due_for_purge(now=now).values_list("pk", flat=True))
    return sum(scanned_document_purge(finalisation_id=pk, now=now) for pk in ids)

"""What the worker runs for a session's certificates batch (DOMAIN.md §7): build and store its PDF, and purge the
files a killed build left behind. Run by the Celery tasks of ``results.tasks``; the request side (the centre's
button, the publication), which queues those tasks, is ``results.services_certificates``, apart so that neither
module imports the other back.
"""

from __future__ import annotations

import datetime as dt
from functools import partial

from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from results.certificates import certificates_pdf, session_certificates
from results.models import CertificateBatch, CertificateBatchStatus
from sessions_app.lifecycle import is_published, session_locked
from sessions_app.models import Session
from sessions_app.services import session_event_record

ERROR_MAX_LENGTH = 2000


def certificate_batch_filename(session: Session) -> str:
    return f"certificats_session_{session.pk}.pdf"


def _store_failure(session_id: int, error: Exception, now: dt.datetime) -> None:
    with transaction.atomic():
        session = session_locked(session_id)
        batch = CertificateBatch.objects.filter(session=session).first()
        if batch is None or not is_published(session):
            return
        batch.status = CertificateBatchStatus.FAILED
        batch.error = f"{type(error).__name__}: {error}"[:ERROR_MAX_LENGTH]
        batch.save(update_fields=["status", "error"])
        session_event_record(
            session=session, kind="certificates.batch_failed", by=None, now=now, error=type(error).__name__
        )


def certificate_batch_build(*, session_id: int, now: dt.datetime | None = None) -> CertificateBatch | None:
    """Build and store the PDF of every validated certification of the session → ready; on an error the
    batch is « failed » with the error and the error is raised again (the task retries). None when there
    is nothing to do (no batch, or the session is no longer published)."""
    now = now or timezone.now()
    session = Session.objects.filter(pk=session_id).first()
    if session is None or not is_published(session) or not CertificateBatch.objects.filter(session=session).exists():
        return None
    try:
        certificates = session_certificates(session_id)
        title = _("Certificats Pix de la session n° %(id)s") % {"id": session_id}
        content = certificates_pdf(certificates, title=title) if certificates else None
    except Exception as error:
        _store_failure(session_id, error, now)
        raise
    with transaction.atomic():
        session = session_locked(session_id)
        batch = CertificateBatch.objects.filter(session=session).first()
        if batch is None or not is_published(session):
            return None  # unpublished while we were rendering: nothing to store
        storage = batch.file.storage
        previous = batch.file.name
        if content is None:
            batch.file.name = ""
        else:
            batch.file.save(certificate_batch_filename(session), ContentFile(content), save=False)
        batch.status = CertificateBatchStatus.READY
        batch.certificate_count = len(certificates)
        batch.built_at = now
        batch.error = ""
        batch.save(update_fields=["file", "status", "certificate_count", "built_at", "error"])
        session_event_record(
            session=session, kind="certificates.batch_ready", by=None, now=now, count=len(certificates)
        )
        if previous and previous != batch.file.name:
            transaction.on_commit(partial(storage.delete, previous))
    return batch


ORPHAN_MIN_AGE = dt.timedelta(hours=1)
BATCH_DIRECTORY = "certificats"


def certificate_files_orphans_purge(*, now: dt.datetime | None = None) -> int:
    """Delete the stored batch files no batch points to (a worker killed after writing the file but before
    its transaction committed); files younger than an hour may belong to a build in progress. Returns the
    number of files deleted."""
    now = now or timezone.now()
    storage = CertificateBatch._meta.get_field("file").storage
    referenced = set(CertificateBatch.objects.exclude(file="").values_list("file", flat=True))
    deleted = 0
    for name in _stored_names(storage, BATCH_DIRECTORY):
        if name in referenced or storage.get_modified_time(name) > now - ORPHAN_MIN_AGE:
            continue
        storage.delete(name)
        deleted += 1
    return deleted


def _stored_names(storage: Storage, directory: str) -> list[str]:
    if not storage.exists(directory):
        return []
    directories, files = storage.listdir(directory)
    names = [f"{directory}/{name}" for name in files]
    for child in directories:
        names += _stored_names(storage, f"{directory}/{child}")
    return names

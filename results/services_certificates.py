"""The certificates of a whole published session in one PDF (DOMAIN.md §7), built by a Celery task and stored.

``certificate_batch_request`` (the centre's button, or the publication) resets the session's batch to
« en préparation » and queues ``results.tasks.certificate_batch_build_task``, which calls
``certificate_batch_build``: one page per validated certification, stored through the default storage
(MEDIA_ROOT, never served as is: only ``results.views.session_certificates_pdf`` hands it out, to the
centre's members). The build is idempotent: a redelivered task rebuilds and replaces the file; a task
for a session unpublished since does nothing.
"""

from __future__ import annotations

import datetime as dt
from functools import partial

from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from pixcertif.lib.errors import ServiceError
from pixcertif.lib.tasks import enqueue_on_commit
from results.certificates import certificates_pdf, session_certificates
from results.models import CertificateBatch, CertificateBatchStatus
from sessions_app.lifecycle import is_published, session_locked
from sessions_app.models import Session
from sessions_app.services import session_event_record

ERROR_MAX_LENGTH = 2000
# A batch still « en préparation » after this long lost its task (broker down…): it can be requested again.
PENDING_TIMEOUT = dt.timedelta(minutes=15)


class CertificateBatchError(ServiceError):
    pass


def certificate_batch_filename(session: Session) -> str:
    return f"certificats_session_{session.pk}.pdf"


def current_certificate_batch(session: Session) -> CertificateBatch | None:
    """The session's batch if it was requested for the current publication (a batch of an earlier
    publication, before the results were withdrawn and published again, is stale: None)."""
    try:
        batch: CertificateBatch = session.certificate_batch
    except CertificateBatch.DoesNotExist:
        return None
    if not is_published(session) or session.published_at is None or batch.requested_at < session.published_at:
        return None
    return batch


def certificate_batch_can_request(batch: CertificateBatch | None, *, now: dt.datetime) -> bool:
    """Whether the centre is offered « Préparer les certificats »: no batch, a failed one, or one stuck."""
    if batch is None or batch.status == CertificateBatchStatus.FAILED:
        return True
    return batch.status == CertificateBatchStatus.PENDING and batch.requested_at < now - PENDING_TIMEOUT


def certificate_batch_request(*, session: Session, by: User | None, now: dt.datetime | None = None) -> CertificateBatch:
    """(Re)start the preparation of the session's certificates; the build runs in Celery once committed."""
    now = now or timezone.now()
    with transaction.atomic():
        session = session_locked(session.pk)
        if not is_published(session):
            raise CertificateBatchError(
                _("Les certificats ne peuvent être préparés qu'une fois les résultats de la session publiés.")
            )
        batch, created = CertificateBatch.objects.get_or_create(
            session=session, defaults={"status": CertificateBatchStatus.PENDING, "requested_at": now}
        )
        if not created:
            batch.status = CertificateBatchStatus.PENDING
            batch.requested_at = now
            batch.error = ""
            batch.save(update_fields=["status", "requested_at", "error"])
        session_event_record(session=session, kind="certificates.batch_requested", by=by, now=now)
        from results.tasks import certificate_batch_build_task  # the task module imports this one (issue 17, item 2)

        # Redis down: logged, the request (or the publication) still succeeds; the batch stays « en préparation »
        # and can be requested again after PENDING_TIMEOUT (docs/reliability.md).
        enqueue_on_commit(certificate_batch_build_task, session.pk)
    return batch


def certificate_batch_discard(*, session: Session) -> None:
    """Results withdrawn: the session's batch goes, and its file once committed (called under the session lock
    by ``session_unpublish``; a build still running finds no batch and stores nothing)."""
    batch = CertificateBatch.objects.filter(session=session).first()
    if batch is None:
        return
    storage, name = batch.file.storage, batch.file.name
    batch.delete()
    if name:
        transaction.on_commit(partial(storage.delete, name))


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

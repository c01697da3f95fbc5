"""The certificates of a whole published session in one PDF (DOMAIN.md §7), built by a Celery task and stored.

``certificate_batch_request`` (the centre's button, or the publication) resets the session's batch to
« en préparation » and queues ``results.tasks.certificate_batch_build_task``, which calls
``results.certificate_build.certificate_batch_build``: one page per validated certification, stored through the default storage
(MEDIA_ROOT, never served as is: only ``results.views.session_certificates_pdf`` hands it out, to the
centre's members). The build is idempotent: a redelivered task rebuilds and replaces the file; a task
for a session unpublished since does nothing. The build is a module apart, so that the tasks import it and
this module imports the tasks without a circle.
"""

from __future__ import annotations

import datetime as dt
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from pixcertif.lib.errors import ServiceError
from pixcertif.lib.tasks import enqueue_on_commit
from results.models import CertificateBatch, CertificateBatchStatus
from results.tasks import certificate_batch_build_task
from sessions_app.lifecycle import is_published, session_locked
from sessions_app.models import Session
from sessions_app.services import session_event_record

# A batch still « en préparation » after this long lost its task (broker down…): it can be requested again.
PENDING_TIMEOUT = dt.timedelta(minutes=15)


class CertificateBatchError(ServiceError):
    pass


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

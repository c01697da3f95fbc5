"""Publication of a session's results (DOMAIN.md §7): Pix staff only, called from the admin."""

from __future__ import annotations

import datetime as dt
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from pixcertif.lib.errors import ServiceError
from results.emails import session_results_emails_send
from results.school_exports import school_exports_refresh_later
from results.selectors import is_published, session_has_certification_in_error
from results.services_certificates import certificate_batch_discard, certificate_batch_request
from sessions_app.models import Session, SessionStatus
from sessions_app.services import session_event_record

PUBLISHABLE_STATUSES = (SessionStatus.FINALISED, SessionStatus.IN_PROCESS)


class PublicationError(ServiceError):
    pass


def _lock(session: Session) -> Session:
    # Two staff members publishing at once: the second one sees the first one's status.
    return Session.objects.select_for_update(of=("self",)).select_related("centre").get(pk=session.pk)


def session_publish(*, session: Session, by: User | None, now: dt.datetime | None = None) -> Session:
    """Publish the results; once committed, e-mail each distinct result recipient their link."""
    now = now or timezone.now()
    with transaction.atomic():
        session = _lock(session)
        if is_published(session):
            raise PublicationError(_("Les résultats de cette session sont déjà publiés."))
        if session.status not in PUBLISHABLE_STATUSES:
            raise PublicationError(_("La session n'est pas prête à être publiée."))
        if session_has_certification_in_error(session):
            raise PublicationError(_("Impossible de publier : une certification est en erreur."))
        session.status = SessionStatus.PROCESSED
        session.published_at = now
        session.updated_at = now
        session.save(update_fields=["status", "published_at", "updated_at"])
        session_event_record(session=session, kind="session.published", by=by, now=now)
        transaction.on_commit(partial(session_results_emails_send, session_id=session.pk, now=now))
        school_exports_refresh_later(session_ids=[session.pk], now=now)
        # The centre finds the session's certificates ready to download, built by the worker.
        certificate_batch_request(session=session, by=by, now=now)
    return session


def session_unpublish(*, session: Session, by: User | None, now: dt.datetime | None = None) -> Session:
    """Withdraw the results: back to « en cours de traitement »; the links already sent stop working."""
    now = now or timezone.now()
    with transaction.atomic():
        session = _lock(session)
        if not is_published(session):
            raise PublicationError(_("Les résultats de cette session ne sont pas publiés."))
        session.status = SessionStatus.IN_PROCESS
        session.published_at = None
        session.updated_at = now
        session.save(update_fields=["status", "published_at", "updated_at"])
        session_event_record(session=session, kind="session.unpublished", by=by, now=now)
        certificate_batch_discard(session=session)
        school_exports_refresh_later(session_ids=[session.pk], now=now)
    return session

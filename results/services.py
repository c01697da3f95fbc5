"""Publication of a session's results (DOMAIN.md §7): Pix staff only, called from the admin."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from pixcertif.lib.errors import ServiceError
from pixcertif.lib.tasks import enqueue_on_commit
from results.school_exports import school_exports_refresh_later
from results.selectors import session_has_certification_in_error
from results.services_certificates import certificate_batch_discard, certificate_batch_request
from results.tasks import session_results_emails_task
from sessions_app.lifecycle import PUBLISH, UNPUBLISH, session_lock_for, session_status_set
from sessions_app.models import Session


class PublicationError(ServiceError):
    pass


def session_publish(*, session: Session, by: User | None, now: dt.datetime | None = None) -> Session:
    """Publish the results; once committed, e-mail each distinct result recipient their link."""
    now = now or timezone.now()
    with transaction.atomic():
        # Two staff members publishing at once: the second one sees the first one's status.
        session = session_lock_for(session.pk, PUBLISH, error=PublicationError)
        if session_has_certification_in_error(session):
            raise PublicationError(_("Impossible de publier : une certification est en erreur."))
        session_status_set(session=session, step=PUBLISH, by=by, now=now)
        # The e-mails leave from the worker, not from the staff member's request: a slow mail server or a long
        # list of recipients never holds the admin page (and a broker outage is logged, the publication stays).
        enqueue_on_commit(session_results_emails_task, session.pk, now.isoformat())
        school_exports_refresh_later(session_ids=[session.pk], now=now)
        # The centre finds the session's certificates ready to download, built by the worker.
        certificate_batch_request(session=session, by=by, now=now)
    return session


def session_unpublish(*, session: Session, by: User | None, now: dt.datetime | None = None) -> Session:
    """Withdraw the results: back to « en cours de traitement »; the links already sent stop working."""
    now = now or timezone.now()
    with transaction.atomic():
        session = session_lock_for(session.pk, UNPUBLISH, error=PublicationError)
        session_status_set(session=session, step=UNPUBLISH, by=by, now=now)
        certificate_batch_discard(session=session)
        school_exports_refresh_later(session_ids=[session.pk], now=now)
    return session

"""Pix staff's handling of a finalised session (DOMAIN.md §7): « M'assigner la session », « Définaliser ».

Called from the admin actions (results/admin.py); publication lives in results/services.py.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from pixcertif.lib.errors import ServiceError
from results.selectors import is_published
from sessions_app.models import Session, SessionStatus
from sessions_app.services import session_event_record

PROCESSABLE_STATUSES = (SessionStatus.FINALISED, SessionStatus.IN_PROCESS)


class StaffActionError(ServiceError):
    pass


def _lock(session: Session) -> Session:
    # Two staff members clicking at once: the second one's guard sees the first one's write.
    return Session.objects.select_for_update(of=("self",)).select_related("centre").get(pk=session.pk)


def _check_staff(by: User) -> None:
    if not by.is_staff:
        raise StaffActionError(_("Action réservée à l'équipe Pix."))


def session_assign(*, session: Session, by: User, now: dt.datetime | None = None) -> Session:
    """Take a finalised session (or one someone else took): it goes « en cours de traitement »."""
    now = now or timezone.now()
    _check_staff(by)
    with transaction.atomic():
        session = _lock(session)
        if session.status == SessionStatus.CREATED:
            raise StaffActionError(_("La session n'est pas finalisée : elle ne peut pas être assignée."))
        if session.status not in PROCESSABLE_STATUSES:
            raise StaffActionError(
                _("Les résultats de cette session sont déjà transmis : elle ne peut plus être assignée.")
            )
        previous = session.assigned_to_id
        session.status = SessionStatus.IN_PROCESS
        session.assigned_to = by
        session.updated_at = now
        session.save(update_fields=["status", "assigned_to", "updated_at"])
        session_event_record(session=session, kind="session.assigned", by=by, now=now, previous_assignee=previous)
    return session


def session_unfinalise(*, session: Session, by: User, now: dt.datetime | None = None) -> Session:
    """« Définaliser »: hand the session back to its centre, before publication only.

    The courses ended by the finalisation stay ended: a candidate cannot resume a test days later,
    the centre only corrects its finalisation (reports, comments, document) and finalises again.
    """
    now = now or timezone.now()
    _check_staff(by)
    with transaction.atomic():
        session = _lock(session)
        if is_published(session) or session.status == SessionStatus.PROCESSED:
            raise StaffActionError(
                _("Les résultats de cette session sont publiés : dépubliez-les avant de la définaliser.")
            )
        if session.status not in PROCESSABLE_STATUSES:
            raise StaffActionError(_("La session n'est pas finalisée : il n'y a rien à définaliser."))
        previous = {
            "status": session.status,
            "finalised_at": session.finalised_at.isoformat() if session.finalised_at else None,
        }
        session.status = SessionStatus.CREATED
        session.finalised_at = None
        session.is_publishable = None
        session.assigned_to = None
        session.updated_at = now
        session.save(update_fields=["status", "finalised_at", "is_publishable", "assigned_to", "updated_at"])
        session_event_record(session=session, kind="session.unfinalised", by=by, now=now, **previous)
    return session

"""Pix staff's handling of a finalised session (DOMAIN.md §7): « M'assigner la session », « Définaliser ».

Called from the admin actions (results/admin.py); publication lives in results/services.py.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from pixcertif.lib.errors import ServiceError
from sessions_app.lifecycle import ASSIGN, UNFINALISE, session_lock_for, session_status_set
from sessions_app.models import Session


class StaffActionError(ServiceError):
    pass


def _check_staff(by: User) -> None:
    if not by.is_staff:
        raise StaffActionError(_("Action réservée à l'équipe Pix."))


def session_assign(*, session: Session, by: User, now: dt.datetime | None = None) -> Session:
    """Take a finalised session (or one someone else took): it goes « en cours de traitement »."""
    now = now or timezone.now()
    _check_staff(by)
    with transaction.atomic():
        session = session_lock_for(session.pk, ASSIGN, error=StaffActionError)
        previous = session.assigned_to_id
        session_status_set(
            session=session, step=ASSIGN, by=by, now=now, fields={"assigned_to": by}, previous_assignee=previous
        )
    return session


def session_unfinalise(*, session: Session, by: User, now: dt.datetime | None = None) -> Session:
    """« Définaliser »: hand the session back to its centre, before publication only.

    The courses ended by the finalisation stay ended: a candidate cannot resume a test days later,
    the centre only corrects its finalisation (reports, comments, document) and finalises again.
    """
    now = now or timezone.now()
    _check_staff(by)
    with transaction.atomic():
        session = session_lock_for(session.pk, UNFINALISE, error=StaffActionError)
        previous: dict[str, Any] = {
            "status": session.status,
            "finalised_at": session.finalised_at.isoformat() if session.finalised_at else None,
        }
        session_status_set(
            session=session,
            step=UNFINALISE,
            by=by,
            now=now,
            fields={"finalised_at": None, "is_publishable": None, "assigned_to": None},
            **previous,
        )
    return session

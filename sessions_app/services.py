"""Every write and state change of a session; each one leaves a SessionEvent."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from centres.models import CertificationCentre
from centres.selectors import certification_window_error
from pixcertif.lib.codes import generate_access_code, generate_session_password
from pixcertif.lib.dates import local_datetime
from pixcertif.lib.errors import ServiceError
from sessions_app.lifecycle import session_event_record, session_locked
from sessions_app.models import Session, SessionStatus

EDITABLE_FIELDS = ("address", "room", "date", "time", "supervisors", "description")


class SessionError(ServiceError):
    pass


def _check_calendar(centre: CertificationCentre, day: dt.date) -> None:
    error = certification_window_error(centre, day)
    if error:
        raise SessionError(error, field="date")


def _finalisation_due_at(day: dt.date, time: dt.time) -> dt.datetime:
    # Add the delay in UTC: 48 elapsed hours, even across a clock change (aware Paris + 48 h is wall time).
    return local_datetime(day, time).astimezone(dt.UTC) + settings.PIXCERTIF_FINALISATION_DELAY


def session_create(
    *,
    centre: CertificationCentre,
    by: User | None,
    address: str,
    room: str,
    date: dt.date,
    time: dt.time,
    supervisors: str,
    description: str = "",
    postponed_from: Session | None = None,
    now: dt.datetime | None = None,
) -> Session:
    now = now or timezone.now()
    _check_calendar(centre, date)
    with transaction.atomic():
        session = Session.objects.create(
            centre=centre,
            address=address,
            room=room,
            date=date,
            time=time,
            supervisors=supervisors,
            description=description,
            access_code=generate_access_code(),
            supervisor_password=generate_session_password(),
            finalisation_due_at=_finalisation_due_at(date, time),
            postponed_from=postponed_from,
            created_by=by,
            created_at=now,
            updated_at=now,
        )
        session_event_record(session=session, kind="session.created", by=by, now=now)
    return session


def session_update(*, session: Session, by: User | None, now: dt.datetime | None = None, **changes: Any) -> Session:
    """Edit the session's information (only while it is « Créée »)."""
    now = now or timezone.now()
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Champs non modifiables : {sorted(unknown)}")
    with transaction.atomic():
        session = session_locked(session.pk)
        if not session.can_be_edited():
            raise SessionError(_("La session est finalisée : elle ne peut plus être modifiée."))
        changed = {name: value for name, value in changes.items() if getattr(session, name) != value}
        if not changed:
            return session
        if "date" in changed:
            _check_calendar(session.centre, changed["date"])
        before = {name: str(getattr(session, name)) for name in changed}
        for name, value in changed.items():
            setattr(session, name, value)
        session.finalisation_due_at = _finalisation_due_at(session.date, session.time)
        session.updated_at = now
        session.save(update_fields=[*changed, "finalisation_due_at", "updated_at"])
        session_event_record(
            session=session,
            kind="session.updated",
            by=by,
            now=now,
            changes={name: [before[name], str(value)] for name, value in changed.items()},
        )
    return session


def session_delete(*, session: Session, by: User | None, now: dt.datetime | None = None) -> int:
    """Delete a session nobody has started; returns its number. The audit rows stay."""
    now = now or timezone.now()
    with transaction.atomic():
        try:
            session = session_locked(session.pk)
        except Session.DoesNotExist:
            # Two deletes at once: the other one won.
            raise SessionError(_("Cette session a déjà été supprimée.")) from None
        refusal = session.deletion_refusal()
        if refusal:
            raise SessionError(refusal)
        number = session.pk
        # Enrolled candidates who did not start go with the session (DOMAIN.md §2); the history keeps their
        # number, not their names.
        session_event_record(
            session=session,
            kind="session.deleted",
            by=by,
            now=now,
            date=str(session.date),
            time=str(session.time),
            address=session.address,
            room=session.room,
            candidates=session.candidates.count(),
        )
        session.delete()
    return number


def session_postpone(
    *,
    session: Session,
    by: User | None,
    date: dt.date,
    time: dt.time,
    now: dt.datetime | None = None,
) -> Session:
    """« Reporter la session »: a new session with new codes, same place and supervisors.

    An interrupted session cannot be resumed with its access code (FAQ); the old one stays to be
    finalised for the candidates who did finish. The candidates are moved by
    ``finalisation.postponement.session_postpone``, in the same transaction, which calls this.
    """
    now = now or timezone.now()
    with transaction.atomic():
        session = session_locked(session.pk)
        if session.status != SessionStatus.CREATED:
            raise SessionError(_("Seule une session qui n'est pas encore finalisée peut être reportée."))
        # Read under the lock: a second click (or a second tab) waits for the first and finds its session.
        already = session.postponements.order_by("pk").values_list("pk", flat=True).first()
        if already is not None:
            raise SessionError(
                _("La session n° %(old)s a déjà été reportée : ses candidats sont dans la session n° %(new)s.")
                % {"old": session.pk, "new": already}
            )
        new = session_create(
            centre=session.centre,
            by=by,
            address=session.address,
            room=session.room,
            date=date,
            time=time,
            supervisors=session.supervisors,
            description=session.description,
            postponed_from=session,
            now=now,
        )
        session_event_record(session=session, kind="session.postponed", by=by, now=now, new_session=new.pk)
    return new


def session_mark_started(*, session: Session, now: dt.datetime | None = None) -> bool:
    """Record that the first candidate started; idempotent (True only the first time)."""
    now = now or timezone.now()
    with transaction.atomic():
        updated = Session.objects.filter(pk=session.pk, started_at__isnull=True).update(started_at=now)
        if updated:
            session_event_record(session=session, kind="session.started", by=None, now=now)
    return bool(updated)


def session_close_admissions(*, session: Session, by: User | None, now: dt.datetime | None = None) -> Session:
    """« Fermer l'accès à la session »: no new presence can be confirmed → ``session.admissions_closed``.

    FAQ: once the test has started for the room, late-comers are not admitted. Idempotent: closing
    again changes nothing and writes no second event. Presences confirmed before stay valid.
    """
    now = now or timezone.now()
    with transaction.atomic():
        session = session_locked(session.pk)
        if session.status != SessionStatus.CREATED:
            raise SessionError(_("La session est finalisée : son accès ne peut plus être modifié."))
        if session.admissions_closed_at is not None:
            return session
        session.admissions_closed_at = now
        session.updated_at = now
        session.save(update_fields=["admissions_closed_at", "updated_at"])
        session_event_record(session=session, kind="session.admissions_closed", by=by, now=now)
    return session

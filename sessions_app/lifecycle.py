"""The life of a session in one place: which status changes exist, who may make them, and how they are written.

A service that changes a session's status (finalisation, Pix staff's handling, publication) does three things,
always the same way: ``session_lock_for(pk, STEP, error=TheAppError)`` re-reads the session under its row lock
and refuses the step from the current status with the French message of the table; the service checks its own
rules and writes its own rows; ``session_status_set(session=…, step=STEP, …)`` writes the new status, the
publication timestamp and the ``SessionEvent`` of the step. Nothing else writes ``Session.status`` (the demo and
bench seeders build rows directly).

« Published » is the status ``processed`` and nothing else (``is_published``); ``published_at`` is the moment it
was reached, written by the setter, used for dates and links, never to decide.

The higher apps import this module (finalisation, results); it imports no higher app, so each service passes its
own error class (``FinalisationError``, ``StaffActionError``, ``PublicationError``…) and its callers and tests
catch what they did before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from pixcertif.lib.errors import ServiceError
from sessions_app.event_kinds import SessionEventKind
from sessions_app.models import Session, SessionEvent, SessionStatus

CREATED, FINALISED, IN_PROCESS, PROCESSED = (
    SessionStatus.CREATED,
    SessionStatus.FINALISED,
    SessionStatus.IN_PROCESS,
    SessionStatus.PROCESSED,
)
PUBLISHED = PROCESSED


@dataclass(frozen=True)
class Step:
    """A move of the lifecycle: allowed from ``sources``; from any other status, refused with ``refusals[status]``.

    ``target`` None: a step that works on the session without moving it (the auto-jury, a jury action), guarded
    by the same table so that « who may touch a session now » is written once.
    """

    name: str
    sources: frozenset[str]
    target: str | None
    event: str | None
    refusals: Mapping[str, Promise] = field(default_factory=dict)

    def refusal(self, status: str) -> str | None:
        """The French message refusing this step from ``status``; None when it is allowed."""
        if status in self.sources:
            return None
        return str(self.refusals[status])


_ALREADY_FINALISED = _("La session a déjà été finalisée.")
_NOT_PUBLISHED = _("Les résultats de cette session ne sont pas publiés.")

# The centre's confirmation of the finalisation wizard (finalisation.services.session_finalise).
FINALISE = Step(
    "finalise",
    sources=frozenset({CREATED}),
    target=FINALISED,
    event=SessionEventKind.SESSION_FINALISED,
    refusals={FINALISED: _ALREADY_FINALISED, IN_PROCESS: _ALREADY_FINALISED, PROCESSED: _ALREADY_FINALISED},
)
# « M'assigner la session » (results.services_staff.session_assign); a session someone else took can be taken.
ASSIGN = Step(
    "assign",
    sources=frozenset({FINALISED, IN_PROCESS}),
    target=IN_PROCESS,
    event=SessionEventKind.SESSION_ASSIGNED,
    refusals={
        CREATED: _("La session n'est pas finalisée : elle ne peut pas être assignée."),
        PROCESSED: _("Les résultats de cette session sont déjà transmis : elle ne peut plus être assignée."),
    },
)
# « Définaliser » (results.services_staff.session_unfinalise): back to the centre, before publication only.
UNFINALISE = Step(
    "unfinalise",
    sources=frozenset({FINALISED, IN_PROCESS}),
    target=CREATED,
    event=SessionEventKind.SESSION_UNFINALISED,
    refusals={
        CREATED: _("La session n'est pas finalisée : il n'y a rien à définaliser."),
        PROCESSED: _("Les résultats de cette session sont publiés : dépubliez-les avant de la définaliser."),
    },
)
# « Publier » (results.services.session_publish): straight from finalised when the auto-jury found nothing to do.
PUBLISH = Step(
    "publish",
    sources=frozenset({FINALISED, IN_PROCESS}),
    target=PROCESSED,
    event=SessionEventKind.SESSION_PUBLISHED,
    refusals={
        CREATED: _("La session n'est pas prête à être publiée."),
        PROCESSED: _("Les résultats de cette session sont déjà publiés."),
    },
)
# « Dépublier » (results.services.session_unpublish): back in Pix staff's hands.
UNPUBLISH = Step(
    "unpublish",
    sources=frozenset({PROCESSED}),
    target=IN_PROCESS,
    event=SessionEventKind.SESSION_UNPUBLISHED,
    refusals={CREATED: _NOT_PUBLISHED, FINALISED: _NOT_PUBLISHED, IN_PROCESS: _NOT_PUBLISHED},
)

# Steps that leave the status as it is.
_AUTO_JURY_ONLY_FINALISED = _("L'auto-jury ne traite que les sessions finalisées.")
AUTO_JURY = Step(
    "auto_jury",
    sources=frozenset({FINALISED}),
    target=None,
    event=None,
    refusals={
        CREATED: _AUTO_JURY_ONLY_FINALISED,
        IN_PROCESS: _AUTO_JURY_ONLY_FINALISED,
        PROCESSED: _AUTO_JURY_ONLY_FINALISED,
    },
)
# Any jury action on a certification (results.services_jury): only while the session is in Pix staff's hands.
JURY = Step(
    "jury",
    sources=frozenset({FINALISED, IN_PROCESS}),
    target=None,
    event=None,
    refusals={
        CREATED: _("La session n'est pas finalisée : ses certifications ne peuvent pas encore être modifiées."),
        PROCESSED: _(
            "Les résultats de cette session sont publiés : dépubliez-les avant de modifier une certification."
        ),
    },
)

TRANSITIONS: tuple[Step, ...] = (FINALISE, ASSIGN, UNFINALISE, PUBLISH, UNPUBLISH)
STEPS: tuple[Step, ...] = (*TRANSITIONS, AUTO_JURY, JURY)


def is_published(session: Session) -> bool:
    """Results are visible to the centre and the recipients only once published (DOMAIN.md §7)."""
    return session.status == PUBLISHED


def session_event_record(
    *, session: Session, kind: str, by: User | None, now: dt.datetime, **data: Any
) -> SessionEvent:
    """The audit row of any change of a session (status or not); kept when the session is deleted."""
    return SessionEvent.objects.create(
        session=session, session_number=session.pk, centre_id=session.centre_id, kind=kind, actor=by, at=now, data=data
    )


def locked_sessions() -> QuerySet[Session]:
    """Sessions read under their row lock (PostgreSQL; SQLite's IMMEDIATE transactions serialise instead).

    ``of=("self",)``: a ``select_related`` never locks the centre or the user along with the session.
    """
    return Session.objects.select_for_update(of=("self",))


def session_locked(pk: int) -> Session:
    """Re-read the session under its row lock: a guard must see what a concurrent click wrote."""
    return locked_sessions().select_related("centre").get(pk=pk)


def session_check(session: Session, step: Step, *, error: type[ServiceError]) -> None:
    """Raise ``error`` with the table's French message when ``step`` is not allowed from the session's status."""
    refusal = step.refusal(session.status)
    if refusal is not None:
        raise error(refusal)


def session_lock_for(pk: int, step: Step, *, error: type[ServiceError]) -> Session:
    """The session locked, once ``step`` is allowed from its status (else ``error``); call inside an atomic block."""
    session = session_locked(pk)
    session_check(session, step, error=error)
    return session


def session_status_set(
    *,
    session: Session,
    step: Step,
    by: User | None,
    now: dt.datetime,
    fields: Mapping[str, Any] | None = None,
    **data: Any,
) -> SessionEvent:
    """Move a locked, checked session along ``step``: the status, ``fields``, the publication timestamp and
    ``updated_at`` in one UPDATE, then the step's event with ``data``."""
    if step.target is None or step.event is None:
        raise ValueError(f"{step.name} ne change pas le statut")
    if session.status not in step.sources:  # the caller skipped session_lock_for: a bug, not a user error
        raise ValueError(f"{step.name} refusé depuis {session.status}")
    changes: dict[str, Any] = {**(fields or {}), "status": step.target, "updated_at": now}
    if step.target == PUBLISHED:
        changes["published_at"] = now
    elif session.status == PUBLISHED:
        changes["published_at"] = None
    for name, value in changes.items():
        setattr(session, name, value)
    session.save(update_fields=list(changes))
    return session_event_record(session=session, kind=step.event, by=by, now=now, **data)

"""Reads of the supervisor portal."""

from __future__ import annotations

from django.db.models import Count
from django.utils.crypto import constant_time_compare

from finalisation.models import IssueReport
from sessions_app.models import Session, SessionStatus


def session_for_supervisor(*, number: str, password: str) -> Session | None:
    """The ``created`` session with this number and password (without « C- »), else None.

    A wrong password, an unknown number and a finalised session all answer None: the portal says
    the same thing for each (DOMAIN.md §4).
    """
    if not (number.isascii() and number.isdigit()) or len(number) > 18:
        return None
    session = Session.objects.filter(pk=int(number), status=SessionStatus.CREATED).select_related("centre").first()
    if session is None or not constant_time_compare(password, session.supervisor_password):
        return None
    return session


def sessions_supervised(ids: list[int]) -> list[Session]:
    return list(Session.objects.filter(pk__in=ids).order_by("-date", "-time", "-id"))


def incident_counts(session: Session) -> dict[int, int]:
    """Number of incidents recorded per candidate id of the session, in one query."""
    rows = (
        IssueReport.objects.filter(candidate__session=session)
        .order_by()
        .values("candidate_id")
        .annotate(count=Count("pk"))
    )
    return {row["candidate_id"]: row["count"] for row in rows}


def session_incidents(session: Session) -> list[IssueReport]:
    return list(
        IssueReport.objects.filter(candidate__session=session)
        .select_related("candidate")
        .order_by("-created_at", "-id")
    )

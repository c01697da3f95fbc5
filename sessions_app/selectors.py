from __future__ import annotations

from django.db.models import Count, IntegerField, Model, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from centres.models import CertificationCentre
from sessions_app.models import Session, SessionEvent


def _count_of(relation: str) -> Coalesce:
    """Rows pointing at each session through a reverse relation of a higher app (candidates, courses),
    found by its ORM name so that this app imports nothing above it; a subquery, not a join, so two
    counts never multiply each other."""
    related = Session._meta.get_field(relation).related_model
    assert isinstance(related, type) and issubclass(related, Model)
    counts = related._default_manager.filter(session=OuterRef("pk")).values("session").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


def sessions_of_centre(centre: CertificationCentre) -> QuerySet[Session]:
    """The centre's sessions with their candidate and started-test counts, in one query whatever their number."""
    return Session.objects.filter(centre=centre).annotate(
        candidate_count=_count_of("candidates"), course_count=_count_of("courses")
    )


def session_events(session: Session) -> QuerySet[SessionEvent]:
    return SessionEvent.objects.filter(session_number=session.pk, centre_id=session.centre_id).select_related("actor")


POSTPONEMENT_KINDS = ("candidates.postponed", "candidates.received")


def session_postponements(session: Session) -> dict[str, SessionEvent]:
    """Who went where when sessions were postponed, as recorded then (one query): « candidates.postponed »
    when this session was postponed, « candidates.received » when it replaces one; the latest of each."""
    found: dict[str, SessionEvent] = {}
    for event in session_events(session).filter(kind__in=POSTPONEMENT_KINDS).order_by("-at", "-pk"):
        found.setdefault(event.kind.split(".")[1], event)
    return found

from __future__ import annotations

from django.db.models import Count, QuerySet

from centres.models import CertificationCentre
from sessions_app.models import Session, SessionEvent


def sessions_of_centre(centre: CertificationCentre) -> QuerySet[Session]:
    """The centre's sessions with their candidate counts, in one query whatever their number."""
    return Session.objects.filter(centre=centre).annotate(candidate_count=Count("candidates"))


def session_events(session: Session) -> QuerySet[SessionEvent]:
    return SessionEvent.objects.filter(session_number=session.pk, centre_id=session.centre_id).select_related("actor")

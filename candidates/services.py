"""Every write about candidates; enrolment screens and imports come with issue 3."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from candidates.models import Candidate
from pixcertif.lib.errors import ServiceError
from pixcertif.lib.text import normalize_name
from sessions_app.models import Session
from sessions_app.services import session_event_record


class CandidateError(ServiceError):
    pass


def identity_key(first_name: str, last_name: str, birthdate: dt.date) -> str:
    return f"{normalize_name(first_name)}|{normalize_name(last_name)}|{birthdate.isoformat()}"


def candidate_create(
    *,
    session: Session,
    by: User | None,
    first_name: str,
    last_name: str,
    sex: str,
    birthdate: dt.date,
    external_id: str = "",
    extra_time_percentage: int | None = None,
    result_recipient_email: str = "",
    convocation_email: str = "",
    now: dt.datetime | None = None,
) -> Candidate:
    now = now or timezone.now()
    key = identity_key(first_name, last_name, birthdate)
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=session.pk)
        if not session.accepts_candidates():
            raise CandidateError(_("La session est finalisée : il n'est plus possible d'inscrire des candidats."))
        if Candidate.objects.filter(session=session, identity_key=key).exists():
            raise CandidateError(_("Ce candidat est déjà dans la liste, vous ne pouvez pas l'ajouter à nouveau."))
        candidate = Candidate.objects.create(
            session=session,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            sex=sex,
            birthdate=birthdate,
            external_id=external_id,
            extra_time_percentage=extra_time_percentage,
            result_recipient_email=result_recipient_email,
            convocation_email=convocation_email,
            identity_key=key,
        )
        session_event_record(
            session=session,
            kind="candidate.enrolled",
            by=by,
            now=now,
            candidate=candidate.pk,
            name=f"{candidate.first_name} {candidate.last_name}",
        )
    return candidate

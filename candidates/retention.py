"""Retention of candidates' and students' personal data (docs/donnees-personnelles.md).

DOMAIN.md fixes only the scanned documents (2 years, finalisation/retention.py). The rest, decided here:

- **Contact e-mails of candidates** (« E-mail de convocation », « E-mail du destinataire des résultats »)
  serve the convocation and the results link (valid 30 days). They are cleared
  ``PIXCERTIF_CANDIDATE_CONTACT_RETENTION`` (1 year) after the session date → ``candidates.contacts_purged``
  in the session history (a count, no address).
- **Students who left the school** (roster, ``left_at``) and were never enrolled as candidates: deleted
  with their profile-collection profiles ``PIXCERTIF_STUDENT_RETENTION`` (1 year) after they left →
  ``students.purged`` in the centre's history (a count, no name). A student enrolled in a session stays:
  the certificate and the session's history need them.
- What stays: names, birth date and place of certified candidates (the certificate is verifiable by
  its code and sent to the record books), and the session history.
- The same daily run purges the accounts' own records (``accounts.retention``: login log, throttle rows,
  expired sessions, pending sign-ups).

Each purge is a conditional bulk update/delete: two runs at once, or a run repeated after a crash,
purge once; the audit counts what this run changed.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import asdict, dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.retention import AccountsPurgeReport, accounts_purge
from candidates.models import Candidate
from centres.models import CertificationCentre, Student
from centres.services import centre_event_record
from sessions_app.lifecycle import locked_sessions
from sessions_app.services import session_event_record

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PurgeReport:
    contacts: int  # candidates whose e-mails were cleared
    students: int  # students deleted
    accounts: AccountsPurgeReport

    def as_dict(self) -> dict[str, int]:
        return {"contacts": self.contacts, "students": self.students, **asdict(self.accounts)}


def _with_contacts() -> Q:
    return ~Q(convocation_email="") | ~Q(result_recipient_email="")


def _students_due(now: dt.datetime) -> QuerySet[Student]:
    """Students who left more than PIXCERTIF_STUDENT_RETENTION ago and were never candidates."""
    return Student.objects.filter(
        is_active=False, left_at__lt=now - settings.PIXCERTIF_STUDENT_RETENTION, candidacies__isnull=True
    )


def session_contacts_purge(*, session_id: int, now: dt.datetime | None = None) -> int:
    """Clear the candidates' e-mails of one session past its retention → ``candidates.contacts_purged``."""
    now = now or timezone.now()
    cutoff = timezone.localdate(now) - settings.PIXCERTIF_CANDIDATE_CONTACT_RETENTION
    with transaction.atomic():
        session = locked_sessions().filter(pk=session_id, date__lt=cutoff).first()
        if session is None:
            return 0
        cleared = (
            Candidate.objects.filter(session=session)
            .filter(_with_contacts())
            .update(convocation_email="", result_recipient_email="")
        )
        if cleared:
            session_event_record(session=session, kind="candidates.contacts_purged", by=None, now=now, count=cleared)
    if cleared:
        logger.info("Données personnelles : e-mails de %s candidat(s) effacés (session %s)", cleared, session_id)
    return cleared


def centre_students_purge(*, centre_id: int, now: dt.datetime | None = None) -> int:
    """Delete the students of one centre who left over a year ago and were never candidates → ``students.purged``."""
    now = now or timezone.now()
    with transaction.atomic():
        centre = CertificationCentre.objects.select_for_update(of=("self",)).filter(pk=centre_id).first()
        if centre is None:
            return 0
        ids = list(_students_due(now).filter(centre=centre).values_list("pk", flat=True))
        if not ids:
            return 0
        Student.objects.filter(pk__in=ids).delete()  # their profile-collection profiles go with them (CASCADE)
        centre_event_record(centre=centre, kind="students.purged", by=None, now=now, count=len(ids))
    logger.info("Données personnelles : %s élève(s) sorti(s) supprimé(s) (centre %s)", len(ids), centre_id)
    return len(ids)


def personal_data_purge(*, now: dt.datetime | None = None) -> PurgeReport:
    """Every purge of the retention schedule, session by session and centre by centre."""
    now = now or timezone.now()
    cutoff = timezone.localdate(now) - settings.PIXCERTIF_CANDIDATE_CONTACT_RETENTION
    sessions = (
        Candidate.objects.filter(session__date__lt=cutoff).filter(_with_contacts()).values_list("session_id", flat=True)
    )
    contacts = sum(session_contacts_purge(session_id=pk, now=now) for pk in sorted(set(sessions)))
    centres = _students_due(now).values_list("centre_id", flat=True)
    students = sum(centre_students_purge(centre_id=pk, now=now) for pk in sorted(set(centres)))
    return PurgeReport(contacts=contacts, students=students, accounts=accounts_purge(now=now))

"""Every write of the finalisation app; each one leaves a SessionEvent.

``issue_report_record(*, candidate, code, question_number, description, by, source, now=None)``
    Record an incident for a candidate (DOMAIN.md §6 rules), live from the supervisor portal or at
    finalisation → ``incident.recorded``. Refused once the session is finalised. Raises
    ``IssueReportError`` with every (field, message) at once.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from candidates.models import Candidate
from certification.models import CertificationCourse
from finalisation.models import (
    DESCRIPTION_CODES,
    DESCRIPTION_MAX_LENGTH,
    QUESTION_CODES,
    QUESTION_NUMBER_MAX,
    QUESTION_NUMBER_MIN,
    IssueCode,
    IssueReport,
    IssueSource,
)
from pixcertif.lib.errors import ServiceError
from sessions_app.models import Session
from sessions_app.services import session_event_record


class IssueReportError(ServiceError):
    def __init__(self, message: str, *, field: str | None = None, errors: list[tuple[str, str]] | None = None) -> None:
        super().__init__(message, field=field)
        self.errors = errors or [(field or "", message)]


def issue_report_errors(*, code: str, question_number: int | None, description: str) -> list[tuple[str, str]]:
    """Every rule of DOMAIN.md §6 on one report, as (field, French message); reads nothing."""
    errors: list[tuple[str, str]] = []
    if code not in IssueCode.values:
        return [("code", _("Choisissez la catégorie de l'incident."))]
    if code in QUESTION_CODES:
        if question_number is None:
            errors.append(("question_number", _("Le numéro de la question est obligatoire pour ce code.")))
        elif not QUESTION_NUMBER_MIN <= question_number <= QUESTION_NUMBER_MAX:
            errors.append(
                (
                    "question_number",
                    _("Le numéro de la question doit être compris entre %(min)s et %(max)s.")
                    % {"min": QUESTION_NUMBER_MIN, "max": QUESTION_NUMBER_MAX},
                )
            )
    if code in DESCRIPTION_CODES and not description:
        errors.append(("description", _("La description est obligatoire pour ce code.")))
    if len(description) > DESCRIPTION_MAX_LENGTH:
        errors.append(
            (
                "description",
                _("La description ne doit pas dépasser %(max)s caractères (%(length)s saisis).")
                % {"max": DESCRIPTION_MAX_LENGTH, "length": len(description)},
            )
        )
    return errors


def issue_report_record(
    *,
    candidate: Candidate,
    code: str,
    question_number: int | None,
    description: str,
    by: User | None,
    source: str,
    now: dt.datetime | None = None,
) -> IssueReport:
    now = now or timezone.now()
    description = (description or "").strip()
    if code not in QUESTION_CODES:
        question_number = None  # only E codes name a question: a stray number is dropped, not refused
    errors = issue_report_errors(code=code, question_number=question_number, description=description)
    if errors:
        field, message = errors[0]
        raise IssueReportError(message, field=field, errors=errors)
    if source not in IssueSource.values:
        raise ValueError(f"Origine inconnue : {source!r}")
    with transaction.atomic():
        # Lock the session: a report must not slip in while the session is being finalised.
        session = Session.objects.select_for_update().get(pk=candidate.session_id)
        if not session.accepts_candidates():
            raise IssueReportError(_("La session est finalisée : il n'est plus possible de signaler un incident."))
        try:
            candidate = Candidate.objects.get(pk=candidate.pk, session=session)
        except Candidate.DoesNotExist:
            raise IssueReportError(_("Ce candidat a été supprimé de la session.")) from None
        report = IssueReport.objects.create(
            candidate=candidate,
            course=CertificationCourse.objects.filter(candidate=candidate).first(),
            code=code,
            question_number=question_number,
            description=description,
            source=source,
            created_by=by,
            created_at=now,
        )
        session_event_record(
            session=session,
            kind="incident.recorded",
            by=by,
            now=now,
            candidate=candidate.pk,
            name=f"{candidate.first_name} {candidate.last_name}",
            report=report.pk,
            code=code,
            question_number=question_number,
            source=source,
        )
    return report

"""Every write of the finalisation app; each one leaves a SessionEvent.

``issue_report_record(*, candidate, code, question_number, description, by, source, now=None)``
    Record an incident for a candidate (DOMAIN.md §6 rules), live from the supervisor portal or at
    finalisation → ``incident.recorded``. Refused once the session is finalised. Raises
    ``IssueReportError`` with every (field, message) at once.
``issue_report_delete(*, report, by, now=None)``
    Remove a report added by mistake in the wizard (source finalisation only) → ``incident.deleted``.

The wizard (docs/finalisation.md); each raises ``FinalisationError`` with a French message:

``finalisation_open(*, session, by, now=None) -> SessionFinalisation``
    Get or create the work in progress and one CertificationReport per candidate who joined.
``finalisation_save_draft(*, session, by, changes, now=None) -> SessionFinalisation``
    Autosave; no SessionEvent (a draft changes nothing that counts until it is confirmed).
``finalisation_document_upload(*, session, by, uploaded_file, now=None) -> SessionFinalisation``
    The scanned attendance sheet / PV (PDF, JPEG or PNG by content, 10 MB) → ``finalisation.document_uploaded``.
``session_finalise(*, session, by, now=None) -> Session``
    One transaction: every guard re-checked under the session's lock, unfinished tests ended with their
    abort reason, the session « Finalisée » → ``session.finalised``, the auto-jury queued on commit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from candidates.models import Candidate
from certification.models import AbortReason, CertificationCourse, CourseStatus
from finalisation.models import (
    DESCRIPTION_CODES,
    DESCRIPTION_MAX_LENGTH,
    GLOBAL_COMMENT_MAX_LENGTH,
    QUESTION_CODES,
    QUESTION_NUMBER_MAX,
    QUESTION_NUMBER_MIN,
    CertificationReport,
    IssueCode,
    IssueReport,
    IssueSource,
    SessionFinalisation,
)
from finalisation.tasks import session_auto_jury_task
from pixcertif.lib.errors import ServiceError
from pixcertif.lib.tasks import enqueue_on_commit
from pixcertif.lib.uploads import DEFAULT_MAX_UPLOAD_BYTES, UploadRefused, check_size, read_head, setting_bytes
from sessions_app.lifecycle import FINALISE, session_lock_for, session_locked, session_status_set
from sessions_app.models import Session, SessionEvent
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
        session = session_locked(candidate.session_id)
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


class FinalisationError(ServiceError):
    pass


def _lock_session(session: Session) -> Session:
    """The session under its row lock, still to be finalised: two finalisations (or a draft and a finalisation)
    queue here, and the second one finds « La session a déjà été finalisée. »."""
    return session_lock_for(session.pk, FINALISE, error=FinalisationError)


def _check_started(session: Session) -> None:
    if not session.has_started():
        raise FinalisationError(_("Aucun candidat n'a commencé le test : supprimez plutôt la session."))


def finalisation_participants(session: Session) -> QuerySet[Candidate]:
    """The candidates the wizard reports on: those who joined the session or started a test."""
    return session.candidates.filter(Q(joined_at__isnull=False) | Q(course__isnull=False)).distinct()


def finalisation_portal_used(session: Session) -> bool:
    """The supervisor portal was used when a presence was confirmed there or an incident recorded live.

    Then the end screen was seen on the portal's own table, so the wizard hides « Écran de fin du test vu ».
    """
    return (
        SessionEvent.objects.filter(session=session, kind="candidate.presence_confirmed").exists()
        or IssueReport.objects.filter(candidate__session=session, source=IssueSource.LIVE).exists()
    )


def finalisation_portal_candidates(session_id: int) -> set[int]:
    """The candidates the supervisor followed in the portal: presence confirmed there, or an incident recorded
    live. Their end of test showed on the portal's live table, so step 1 does not ask « Écran de fin du test
    vu » for them (docs/finalisation.md); it asks for everyone else."""
    confirmed = SessionEvent.objects.filter(session_id=session_id, kind="candidate.presence_confirmed").values_list(
        "data__candidate", flat=True
    )
    live = IssueReport.objects.filter(candidate__session_id=session_id, source=IssueSource.LIVE).values_list(
        "candidate_id", flat=True
    )
    return {int(pk) for pk in [*confirmed, *live] if pk is not None}


def _ensure_reports(session: Session, by: User | None, now: dt.datetime) -> SessionFinalisation:
    finalisation, _created = SessionFinalisation.objects.get_or_create(
        session=session, defaults={"updated_at": now, "updated_by": by}
    )
    existing = set(finalisation.reports.values_list("candidate_id", flat=True))
    CertificationReport.objects.bulk_create(
        CertificationReport(finalisation=finalisation, candidate_id=candidate_id)
        for candidate_id in finalisation_participants(session).values_list("pk", flat=True)
        if candidate_id not in existing
    )
    return finalisation


def finalisation_open(*, session: Session, by: User | None, now: dt.datetime | None = None) -> SessionFinalisation:
    now = now or timezone.now()
    with transaction.atomic():
        session = _lock_session(session)
        _check_started(session)
        return _ensure_reports(session, by, now)


FINALISATION_FIELDS = ("global_comment", "incident_with_extra_time", "candidates_could_not_join")
REPORT_FIELDS = ("end_screen_seen", "abort_reason")


def finalisation_draft_errors(changes: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Shape rules of a draft, as (field, French message); reads nothing."""
    errors: list[tuple[str, str]] = []
    comment = changes.get("global_comment")
    if comment is not None and len(comment) > GLOBAL_COMMENT_MAX_LENGTH:
        errors.append(
            (
                "global_comment",
                _("Le commentaire global ne doit pas dépasser %(max)s caractères (%(length)s saisis).")
                % {"max": GLOBAL_COMMENT_MAX_LENGTH, "length": len(comment)},
            )
        )
    for candidate_id, report in (changes.get("reports") or {}).items():
        reason = report.get("abort_reason")
        if reason is not None and reason not in ("", *AbortReason.values):
            errors.append((f"abort_reason_{candidate_id}", _("Choisissez une raison d'abandon de la liste.")))
    return errors


def finalisation_save_draft(
    *, session: Session, by: User | None, changes: Mapping[str, Any], now: dt.datetime | None = None
) -> SessionFinalisation:
    """Save what the user typed so far. ``changes``: any of FINALISATION_FIELDS, and ``reports``:
    {candidate id: {"end_screen_seen": bool, "abort_reason": str}}. Missing keys are left as they are."""
    now = now or timezone.now()
    unknown = set(changes) - {*FINALISATION_FIELDS, "reports"}
    if unknown:
        raise ValueError(f"Champs inconnus : {sorted(unknown)}")
    changes = {
        **changes,
        **({"global_comment": changes["global_comment"].strip()} if "global_comment" in changes else {}),
    }
    errors = finalisation_draft_errors(changes)
    if errors:
        raise FinalisationError(errors[0][1], field=errors[0][0])
    with transaction.atomic():
        session = _lock_session(session)
        finalisation = _ensure_reports(session, by, now)
        reports = {r.candidate_id: r for r in finalisation.reports.all()}
        for candidate_id, report_changes in (changes.get("reports") or {}).items():
            report = reports.get(int(candidate_id))
            if report is None:
                raise FinalisationError(_("Ce candidat n'a pas participé à la session."))
            fields = [name for name in REPORT_FIELDS if name in report_changes]
            for name in fields:
                setattr(report, name, report_changes[name])
            if fields:
                report.save(update_fields=fields)
        fields = [name for name in FINALISATION_FIELDS if name in changes]
        for name in fields:
            setattr(finalisation, name, changes[name])
        finalisation.updated_at = now
        finalisation.updated_by = by
        finalisation.save(update_fields=[*fields, "updated_at", "updated_by"])
    return finalisation


# Checked on content: the first bytes say what a file is; its name and declared type prove nothing.
DOCUMENT_SIGNATURES = ((b"%PDF-", ".pdf"), (b"\x89PNG\r\n\x1a\n", ".png"), (b"\xff\xd8\xff", ".jpg"))


def _document_extension(uploaded_file: UploadedFile) -> str:
    check_size(
        uploaded_file, max_bytes=setting_bytes("PIXCERTIF_FINALISATION_DOCUMENT_MAX_BYTES", DEFAULT_MAX_UPLOAD_BYTES)
    )
    head = read_head(uploaded_file, 16)
    for magic, extension in DOCUMENT_SIGNATURES:
        if head.startswith(magic):
            return extension
    raise UploadRefused(_("Le document doit être un fichier PDF, JPEG ou PNG."))


def finalisation_document_upload(
    *, session: Session, by: User | None, uploaded_file: UploadedFile, now: dt.datetime | None = None
) -> SessionFinalisation:
    """Keep the scanned attendance sheet / PV d'incident; a new one replaces the previous one."""
    now = now or timezone.now()
    try:
        extension = _document_extension(uploaded_file)
    except UploadRefused as error:
        raise FinalisationError(error.message, field="scanned_document") from None
    with transaction.atomic():
        session = _lock_session(session)
        finalisation = _ensure_reports(session, by, now)
        previous = finalisation.scanned_document.name
        storage = finalisation.scanned_document.storage
        # Our own name: the user's file name never reaches the disk.
        finalisation.scanned_document.save(f"session-{session.pk}{extension}", uploaded_file, save=False)
        finalisation.scanned_document_uploaded_at = now
        finalisation.scanned_document_purged_at = None
        finalisation.updated_at = now
        finalisation.updated_by = by
        finalisation.save(
            update_fields=[
                "scanned_document",
                "scanned_document_uploaded_at",
                "scanned_document_purged_at",
                "updated_at",
                "updated_by",
            ]
        )
        session_event_record(
            session=session,
            kind="finalisation.document_uploaded",
            by=by,
            now=now,
            size=uploaded_file.size,
            type=extension.lstrip("."),
        )
        if previous:
            transaction.on_commit(lambda: storage.delete(previous))
    return finalisation


def issue_report_delete(*, report: IssueReport, by: User | None, now: dt.datetime | None = None) -> None:
    """Remove a report added by mistake in the wizard; a live report stays (it is the supervisor's word)."""
    now = now or timezone.now()
    with transaction.atomic():
        session = _lock_session(report.candidate.session)
        found = IssueReport.objects.select_related("candidate").filter(pk=report.pk, candidate__session=session).first()
        if found is None:
            raise FinalisationError(_("Ce signalement a déjà été supprimé."))
        if found.source != IssueSource.FINALISATION:
            raise FinalisationError(_("Un signalement fait dans l'espace surveillant ne peut pas être supprimé."))
        session_event_record(
            session=session,
            kind="incident.deleted",
            by=by,
            now=now,
            candidate=found.candidate_id,
            name=f"{found.candidate.first_name} {found.candidate.last_name}",
            code=found.code,
            question_number=found.question_number,
        )
        found.delete()


def finalisation_missing_abort_reasons(session: Session) -> list[Candidate]:
    """Candidates whose test is still running and whose report has no abort reason yet."""
    return list(
        Candidate.objects.filter(session=session, course__status=CourseStatus.STARTED)
        .exclude(certification_report__abort_reason__in=AbortReason.values)
        .order_by("last_name", "first_name", "pk")
    )


def session_finalise(*, session: Session, by: User | None, now: dt.datetime | None = None) -> Session:
    """Confirm the wizard: everything or nothing, once."""
    now = now or timezone.now()
    with transaction.atomic():
        session = _lock_session(session)
        _check_started(session)
        finalisation = _ensure_reports(session, by, now)
        missing = finalisation_missing_abort_reasons(session)
        if missing:
            raise FinalisationError(
                _("Indiquez la raison de l'abandon pour chaque test non terminé (%(names)s).")
                % {"names": ", ".join(f"{c.first_name} {c.last_name}" for c in missing)}
            )
        # An E report without its question number cannot exist: issue_report_record refuses it and the
        # constraint issue_report_question_number_for_e_codes too.
        reasons = dict(finalisation.reports.values_list("candidate_id", "abort_reason"))
        ended: list[int] = []
        courses = CertificationCourse.objects.select_for_update(of=("self",)).filter(
            session=session, status=CourseStatus.STARTED
        )
        for course in courses:
            course.status = CourseStatus.ENDED_BY_FINALISATION
            course.abort_reason = reasons[course.candidate_id]
            course.ended_at = now
            course.resume_authorised_until = None
            course.save(update_fields=["status", "abort_reason", "ended_at", "resume_authorised_until"])
            ended.append(course.pk)
        session_status_set(
            session=session, step=FINALISE, by=by, now=now, fields={"finalised_at": now}, courses_ended=ended
        )
        enqueue_on_commit(session_auto_jury_task, session.pk)  # broker down: the auto-jury sweep runs it
    return session

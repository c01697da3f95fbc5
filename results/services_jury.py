"""The jury's actions on one certification (DOMAIN.md §7, issue 6), called from the admin page per certification.

Every action: staff only → ``transaction.atomic`` → the session's row locked, then the course's (always in
that order, like the auto-jury and the publication, so that two actions never wait on each other in a
cycle) → the session must be in the Pix staff's hands (finalised or in process, not published) → the
change → an audit line ``jury.…`` → ``_after_change`` (rescoring when the result depends on the change,
and the single place where later work, such as refreshing the LSU/LSL exports, is hooked).

Decisions where the issue is silent are in docs/jury.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from candidates.models import Candidate
from candidates.services import NAME_MAX_LENGTH, OLDEST_BIRTHDATE, identity_key
from certification.models import (
    AssessmentResult,
    CertificationChallenge,
    CertificationCourse,
    CompetenceMark,
    ResultStatus,
)
from certification.scoring import PIX_PER_LEVEL, StatusReason, score_certification
from certification.selectors import latest_result
from certification.services import question_neutralise
from certification.services_scoring import course_score, course_scoring_input
from finalisation.models import IssueCode, IssueReport
from results.school_exports import school_exports_refresh_later
from results.services_staff import StaffActionError
from sessions_app.lifecycle import JURY, session_lock_for
from sessions_app.models import Session
from sessions_app.services import session_event_record

__all__ = [
    "COMMENT_MAX_LENGTH",
    "JURY_EMITTER",
    "RESOLUTION_MAX_LENGTH",
    "JuryError",
    "candidate_identity_correct",
    "course_cancel",
    "course_comments_edit",
    "course_marks_edit",
    "course_question_neutralise",
    "course_reject_for_fraud",
    "issue_report_resolve",
]

JURY_EMITTER = "jury"
RESOLUTION_MAX_LENGTH = 1000
COMMENT_MAX_LENGTH = 2000
# The status rules of DOMAIN.md §5 that read the pix: the only ones a marks edit can change.
_PIX_STATUS_REASONS = frozenset({StatusReason.PIX_OBTAINED, StatusReason.NO_PIX})


class JuryError(StaffActionError):
    pass


# Locks and guards


def _check_staff(by: User) -> None:
    if not by.is_staff:
        raise JuryError(_("Action réservée à l'équipe Pix."))


def _lock_session(session_id: int) -> Session:
    return session_lock_for(session_id, JURY, error=JuryError)


def _lock_course(course: CertificationCourse) -> CertificationCourse:
    """Session first, then the course (the lock order of every jury action)."""
    session = _lock_session(course.session_id)
    course = CertificationCourse.objects.select_for_update(of=("self",)).select_related("candidate").get(pk=course.pk)
    course.session = session
    if course.is_running():
        raise JuryError(_("Ce test n'est pas terminé : il ne peut pas encore être examiné par le jury."))
    return course


def _after_change(
    *, session: Session, course: CertificationCourse | None, rescore: bool, by: User, now: dt.datetime
) -> AssessmentResult | None:
    """What follows every jury action, once its own audit line is written: the rescoring when asked, then
    the refresh of the LSU/LSL exports of the schools concerned, queued on commit."""
    result = None
    if rescore and course is not None:
        result = course_score(course=course, emitter=JURY_EMITTER, juror=by, now=now)
    # The record books list pending and cancelled-away certifications too: refresh the schools on commit.
    school_exports_refresh_later(
        course_ids=[course.pk] if course else (), session_ids=() if course else [session.pk], now=now
    )
    return result


def _latest_or_refuse(course: CertificationCourse) -> AssessmentResult:
    latest = latest_result(course)
    if latest is None:
        raise JuryError(_("Cette certification n'a encore aucun résultat."))
    return latest


def _copy_result(
    latest: AssessmentResult, *, by: User, now: dt.datetime, **changes: object
) -> tuple[AssessmentResult, dict[int, CompetenceMark]]:
    """A new jury result copying ``latest`` (and its marks) with ``changes``; returns it and its marks by competence."""
    fields = {
        "course_id": latest.course_id,
        "status": latest.status,
        "pix_score": latest.pix_score,
        "reproducibility": latest.reproducibility,
        "comment_for_candidate": latest.comment_for_candidate,
        "comment_for_organisation": latest.comment_for_organisation,
        "error": latest.error,
        **changes,
    }
    result = AssessmentResult.objects.create(emitter=JURY_EMITTER, juror=by, created_at=now, **fields)
    marks = CompetenceMark.objects.bulk_create(
        CompetenceMark(result=result, competence_id=mark.competence_id, level=mark.level, pix=mark.pix)
        for mark in latest.marks.all()
    )
    return result, {mark.competence_id: mark for mark in marks}


# Actions that rescore


def course_question_neutralise(
    *, course: CertificationCourse, question_number: int, neutralised: bool, by: User, now: dt.datetime | None = None
) -> AssessmentResult:
    """Neutralise (or de-neutralise) question N of the test, then rescore; returns the new result."""
    _check_staff(by)
    with transaction.atomic():
        course = _lock_course(course)
        # The time is read under the lock: of two jurors racing, the one who rescores last (and saw both changes)
        # writes the latest result (certification.selectors.latest_result orders by time).
        now = now or timezone.now()
        question = CertificationChallenge.objects.filter(course=course, position=question_number).first()
        if question is None:
            raise JuryError(_("Ce test n'a pas de question n° %(number)s.") % {"number": question_number})
        if not question_neutralise(question=question, neutralised=neutralised):
            raise JuryError(
                (
                    _("La question n° %(number)s est déjà neutralisée.")
                    if neutralised
                    else _("La question n° %(number)s n'est pas neutralisée.")
                )
                % {"number": question_number}
            )
        session_event_record(
            session=course.session,
            kind="jury.question_neutralised" if neutralised else "jury.question_deneutralised",
            by=by,
            now=now,
            course=course.pk,
            question=question_number,
        )
        result = _after_change(session=course.session, course=course, rescore=True, by=by, now=now)
    assert result is not None
    return result


def _course_decision_set(
    *,
    course: CertificationCourse,
    field: str,
    value: bool,
    refusal: str,
    kind: str,
    by: User,
    now: dt.datetime | None,
) -> AssessmentResult:
    """Set one of the jury's decisions on the test (a boolean the scoring reads), audit it and rescore."""
    now = now or timezone.now()
    _check_staff(by)
    with transaction.atomic():
        course = _lock_course(course)
        if getattr(course, field) == value:
            raise JuryError(refusal)
        setattr(course, field, value)
        course.save(update_fields=[field])
        session_event_record(session=course.session, kind=kind, by=by, now=now, course=course.pk)
        result = _after_change(session=course.session, course=course, rescore=True, by=by, now=now)
    assert result is not None
    return result


def course_cancel(
    *, course: CertificationCourse, cancelled: bool, by: User, now: dt.datetime | None = None
) -> AssessmentResult:
    """« Annuler la certification » (status cancelled, first rule of §5) or undo it; rescores."""
    return _course_decision_set(
        course=course,
        field="is_cancelled_by_jury",
        value=cancelled,
        refusal=(
            _("Cette certification est déjà annulée.") if cancelled else _("Cette certification n'est pas annulée.")
        ),
        kind="jury.course_cancelled" if cancelled else "jury.course_uncancelled",
        by=by,
        now=now,
    )


def course_reject_for_fraud(
    *, course: CertificationCourse, rejected: bool, by: User, now: dt.datetime | None = None
) -> AssessmentResult:
    """« Rejeter pour fraude » (status rejected, second rule of §5) or undo it; rescores."""
    return _course_decision_set(
        course=course,
        field="is_rejected_for_fraud",
        value=rejected,
        refusal=(
            _("Cette certification est déjà rejetée pour fraude.")
            if rejected
            else _("Cette certification n'est pas rejetée pour fraude.")
        ),
        kind="jury.fraud_rejected" if rejected else "jury.fraud_unrejected",
        by=by,
        now=now,
    )


# Actions on the result itself (no rescoring: a rescoring would undo them)


def _pix_of_level(level: int, top: int) -> int:
    """8 pix a level for a positive level, capped like the scoring (≤ 8 × the highest reachable level)."""
    return min(level, top) * PIX_PER_LEVEL if level > 0 else 0


def _status_reads_pix(course: CertificationCourse) -> bool:
    """True when the status of the test is decided by its pix (the last rule of §5), not by an earlier rule."""
    try:
        reason = score_certification(course_scoring_input(course)).status_reason
    except ValueError:  # facts the scoring refuses: keep the status the jury sees
        return False
    return reason in _PIX_STATUS_REASONS


def course_marks_edit(
    *, course: CertificationCourse, levels: Mapping[str, int], by: User, now: dt.datetime | None = None
) -> AssessmentResult:
    """Set the level of some competences of the current result; a new jury result (docs/jury.md).

    An edited competence gets 8 pix a positive level, 0 otherwise; the others keep their level and pix;
    the pix score is the sum. The status follows the last rule of §5 (validated if pix > 0, else
    rejected) only when that rule is the one that applies to the test; otherwise it is kept.
    """
    now = now or timezone.now()
    _check_staff(by)
    with transaction.atomic():
        course = _lock_course(course)
        latest = _latest_or_refuse(course)
        if latest.status == ResultStatus.ERROR:
            raise JuryError(
                _("Cette certification est en erreur : ses niveaux ne peuvent pas être modifiés."), field="levels"
            )
        current = {mark.competence.code: mark for mark in latest.marks.select_related("competence")}
        top = course.max_reachable_level
        changes: dict[str, list[int]] = {}
        for code, level in sorted(levels.items()):
            if code not in current:
                raise JuryError(
                    _("La compétence %(code)s ne fait pas partie de cette certification.") % {"code": code},
                    field="levels",
                )
            if isinstance(level, bool) or not isinstance(level, int) or not -1 <= level <= top:
                raise JuryError(
                    _("Le niveau de la compétence %(code)s doit être compris entre -1 (échec) et %(top)s.")
                    % {"code": code, "top": top},
                    field="levels",
                )
            if current[code].level != level:
                changes[code] = [current[code].level, level]
        if not changes:
            raise JuryError(_("Aucun niveau n'a changé."), field="levels")

        new_pix = {code: mark.pix for code, mark in current.items()}
        for code in changes:
            new_pix[code] = _pix_of_level(levels[code], top)
        pix_score = sum(new_pix.values())
        status = latest.status
        if _status_reads_pix(course):
            status = ResultStatus.VALIDATED if pix_score > 0 else ResultStatus.REJECTED
        result, marks = _copy_result(latest, by=by, now=now, status=status, pix_score=pix_score)
        edited = []
        for code in changes:
            mark = marks[current[code].competence_id]
            mark.level, mark.pix = levels[code], new_pix[code]
            edited.append(mark)
        CompetenceMark.objects.bulk_update(edited, ["level", "pix"])
        session_event_record(
            session=course.session,
            kind="jury.marks_edited",
            by=by,
            now=now,
            course=course.pk,
            result=result.pk,
            levels=changes,
            pix=[latest.pix_score, pix_score],
            status=[latest.status, status],
        )
        _after_change(session=course.session, course=course, rescore=False, by=by, now=now)
    return result


def _clean_comment(value: str, field: str) -> str:
    value = value.strip()
    if len(value) > COMMENT_MAX_LENGTH:
        raise JuryError(
            _("Un commentaire ne doit pas dépasser %(max)s caractères.") % {"max": COMMENT_MAX_LENGTH}, field=field
        )
    return value


def course_comments_edit(
    *,
    course: CertificationCourse,
    for_candidate: str,
    for_organisation: str,
    by: User,
    now: dt.datetime | None = None,
) -> AssessmentResult:
    """The jury's comments for the candidate and for the organisation: a new result copying the current one.

    Later rescorings carry them forward (``course_score``).
    """
    now = now or timezone.now()
    _check_staff(by)
    for_candidate = _clean_comment(for_candidate, "comment_for_candidate")
    for_organisation = _clean_comment(for_organisation, "comment_for_organisation")
    with transaction.atomic():
        course = _lock_course(course)
        latest = _latest_or_refuse(course)
        changed_candidate = latest.comment_for_candidate != for_candidate
        changed_organisation = latest.comment_for_organisation != for_organisation
        if not (changed_candidate or changed_organisation):
            raise JuryError(_("Les commentaires n'ont pas changé."))
        result, _marks = _copy_result(
            latest,
            by=by,
            now=now,
            comment_for_candidate=for_candidate,
            comment_for_organisation=for_organisation,
        )
        session_event_record(
            session=course.session,
            kind="jury.comments_edited",
            by=by,
            now=now,
            course=course.pk,
            result=result.pk,
            for_candidate=changed_candidate,
            for_organisation=changed_organisation,
        )
        _after_change(session=course.session, course=course, rescore=False, by=by, now=now)
    return result


# Reports and identity


def _resolution_text(value: str) -> str:
    value = value.strip()
    if not value:
        raise JuryError(_("Veuillez indiquer la résolution du signalement."), field="resolution")
    if len(value) > RESOLUTION_MAX_LENGTH:
        raise JuryError(
            _("La résolution ne doit pas dépasser %(max)s caractères.") % {"max": RESOLUTION_MAX_LENGTH},
            field="resolution",
        )
    return value


def issue_report_resolve(
    *, report: IssueReport, resolution: str, by: User, now: dt.datetime | None = None
) -> IssueReport:
    """Resolve a report the auto-jury left open (C1, C6, an E code it could not decide…) with a text."""
    now = now or timezone.now()
    _check_staff(by)
    resolution = _resolution_text(resolution)
    with transaction.atomic():
        session_id = Candidate.objects.filter(pk=report.candidate_id).values_list("session_id", flat=True).get()
        session = _lock_session(session_id)
        report = IssueReport.objects.select_for_update(of=("self",)).select_related("candidate").get(pk=report.pk)
        if report.is_resolved():
            raise JuryError(_("Ce signalement est déjà résolu."))
        report.resolved_at = now
        report.resolution = resolution
        report.save(update_fields=["resolved_at", "resolution"])
        session_event_record(
            session=session,
            kind="jury.report_resolved",
            by=by,
            now=now,
            report=report.pk,
            code=report.code,
            candidate=report.candidate_id,
        )
        _after_change(session=session, course=None, rescore=False, by=by, now=now)
    return report


def candidate_identity_correct(
    *,
    candidate: Candidate,
    first_name: str,
    last_name: str,
    birthdate: dt.date,
    by: User,
    now: dt.datetime | None = None,
) -> Candidate:
    """C1: correct the candidate's first name, last name and birthdate; resolves their open C1 reports."""
    now = now or timezone.now()
    _check_staff(by)
    first_name, last_name = " ".join(first_name.split()), " ".join(last_name.split())
    if not first_name:
        raise JuryError(_("Veuillez indiquer un prénom."), field="first_name")
    if not last_name:
        raise JuryError(_("Veuillez indiquer un nom de naissance."), field="last_name")
    if len(first_name) > NAME_MAX_LENGTH or len(last_name) > NAME_MAX_LENGTH:
        raise JuryError(_("Le nom et le prénom ne doivent pas dépasser 255 caractères."), field="last_name")
    if birthdate <= OLDEST_BIRTHDATE:
        raise JuryError(_("La date de naissance doit être postérieure au 01/01/1900."), field="birthdate")
    if birthdate > timezone.localdate(now):
        raise JuryError(_("La date de naissance ne peut pas être dans le futur."), field="birthdate")
    with transaction.atomic():
        session = _lock_session(candidate.session_id)
        candidate = Candidate.objects.select_for_update(of=("self",)).get(pk=candidate.pk)
        before = {
            "first_name": candidate.first_name,
            "last_name": candidate.last_name,
            "birthdate": candidate.birthdate,
        }
        after = {"first_name": first_name, "last_name": last_name, "birthdate": birthdate}
        changes = {name: [str(before[name]), str(value)] for name, value in after.items() if before[name] != value}
        if not changes:
            raise JuryError(_("L'identité saisie est celle du candidat : rien n'a changé."))
        key = identity_key(first_name, last_name, birthdate)
        if Candidate.objects.filter(session=session, identity_key=key).exclude(pk=candidate.pk).exists():
            raise JuryError(_("Un autre candidat de la session a déjà cette identité."), field="last_name")
        candidate.first_name, candidate.last_name, candidate.birthdate = first_name, last_name, birthdate
        candidate.identity_key = key
        candidate.save(update_fields=["first_name", "last_name", "birthdate", "identity_key"])

        # The C1 report asked for exactly this correction: it is resolved by it (docs/jury.md).
        resolution = _("Identité corrigée par l'équipe Pix : %(before)s → %(after)s.") % {
            "before": f"{before['first_name']} {before['last_name']}, {before['birthdate']:%d/%m/%Y}",
            "after": f"{first_name} {last_name}, {birthdate:%d/%m/%Y}",
        }
        reports = list(
            IssueReport.objects.select_for_update(of=("self",))
            .filter(candidate=candidate, code=IssueCode.C1, resolved_at__isnull=True)
            .order_by("pk")
        )
        for report in reports:
            report.resolved_at = now
            report.resolution = resolution
        IssueReport.objects.bulk_update(reports, ["resolved_at", "resolution"])
        session_event_record(
            session=session,
            kind="jury.identity_corrected",
            by=by,
            now=now,
            candidate=candidate.pk,
            changes=changes,
            resolved_reports=[report.pk for report in reports],
        )
        _after_change(session=session, course=None, rescore=False, by=by, now=now)
    return candidate

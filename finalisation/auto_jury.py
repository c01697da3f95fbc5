"""The auto-jury (DOMAIN.md §6): what can be settled without a human right after finalisation.

``session_auto_jury(*, session_id, now=None) -> AutoJuryReport``
    For a finalised session, in one transaction under the session's row lock: every unresolved
    incident report goes through the strategy of its code (neutralise question N, restore a focus-lost
    answer, or nothing) and records its French resolution text; the tests are rescored
    (``course_score(emitter="auto-jury")``, a new result each); ``Session.is_publishable`` is set
    (« Sessions à publier » / « Sessions à traiter »); a ``session.auto_jury`` event keeps the counts.
    Refuses (``AutoJuryError``) a session that is not finalised. The first run rescores every test;
    a later one only the tests whose questions it changed, and a run that changes nothing writes
    nothing (docs/auto-jury.md).

The strategies are pure: ``decide(ReportFacts) -> Decision`` reads no database; the service gathers
the facts, applies the decision and writes.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from certification.models import (
    Answer,
    AnswerStatus,
    CertificationChallenge,
    CertificationCourse,
    ResultStatus,
)
from certification.selectors import latest_result
from certification.services import answer_status_change, question_neutralise
from certification.services_scoring import course_score
from finalisation.models import IssueCode, IssueReport, SessionFinalisation
from pixcertif.lib.errors import ServiceError
from sessions_app.lifecycle import AUTO_JURY, session_lock_for
from sessions_app.models import Session, SessionStatus
from sessions_app.services import session_event_record

AUTO_JURY_EMITTER = "auto-jury"
SWEEP_BATCH = 50

logger = logging.getLogger(__name__)


class AutoJuryError(ServiceError):
    pass


# --- The facts of one report and the decision on it (pure) ---------------------------------------


@dataclass(frozen=True)
class QuestionFacts:
    """Question N of the test as it stands; ``answer_status`` None = never answered."""

    answer_status: str | None
    is_neutralised: bool = False
    has_image: bool = False
    has_embed: bool = False
    has_attachment: bool = False
    is_timed: bool = False
    is_focus: bool = False


@dataclass(frozen=True)
class ReportFacts:
    code: str
    question_number: int | None
    has_course: bool  # False: the candidate never started a test
    question: QuestionFacts | None  # None: no course, no question number, or no question N


@dataclass(frozen=True)
class Decision:
    """``resolved`` False leaves the report for Pix staff; ``new_answer_status`` rewrites the answer."""

    resolved: bool
    resolution: str = ""
    neutralise: bool = False
    new_answer_status: str | None = None

    @property
    def has_effect(self) -> bool:
        return self.neutralise or self.new_answer_status is not None


UNRESOLVED = Decision(resolved=False)
# A wrong answer, in the sense of « neutralise if its answer was wrong or skipped »: anything but ok;
# an unanswered question of an unfinished test counts as skipped (DOMAIN.md §5).
CORRECT = AnswerStatus.OK.value


def _neutralised(number: int) -> Decision:
    return Decision(True, _("La question %(n)s a été neutralisée.") % {"n": number}, neutralise=True)


def _kept_because_correct(number: int) -> Decision:
    return Decision(True, _("La question %(n)s n'a pas été neutralisée car la réponse est correcte.") % {"n": number})


def _neutralise_if_wrong(number: int, question: QuestionFacts) -> Decision:
    """E4, E5, E9, E11, E12 — and the others once their condition holds."""
    if question.answer_status == CORRECT:
        return _kept_because_correct(number)
    return _neutralised(number)


def _not_neutralised(number: int, reason: str) -> Decision:
    return Decision(True, _("La question %(n)s n'a pas été neutralisée : %(reason)s") % {"n": number, "reason": reason})


def _only_with_image(number: int, question: QuestionFacts) -> Decision:
    if not question.has_image:
        return _not_neutralised(number, _("la question ne contient pas d'image."))
    return _neutralise_if_wrong(number, question)


def _only_with_embed(number: int, question: QuestionFacts) -> Decision:
    if not question.has_embed:
        return _not_neutralised(number, _("la question ne contient pas de simulateur ni d'application."))
    return _neutralise_if_wrong(number, question)


def _only_with_attachment(number: int, question: QuestionFacts) -> Decision:
    if not question.has_attachment:
        return _not_neutralised(number, _("la question ne contient pas de fichier à télécharger."))
    return _neutralise_if_wrong(number, question)


def _only_if_timed(number: int, question: QuestionFacts) -> Decision:
    if not question.is_timed:
        return _not_neutralised(number, _("la question n'est pas chronométrée."))
    return _neutralise_if_wrong(number, question)


def _focus_lost(number: int, question: QuestionFacts) -> Decision:
    """E10: a correct answer lost to a forced focus-out is restored; a skipped question is neutralised."""
    if not question.is_focus:
        return _not_neutralised(number, _("la question n'est pas une question focus."))
    status = question.answer_status
    if status == AnswerStatus.FOCUSEDOUT:
        return Decision(
            True,
            _("La réponse à la question %(n)s a été rétablie (correcte).") % {"n": number},
            new_answer_status=CORRECT,
        )
    if status is None or status == AnswerStatus.SKIPPED:
        return _neutralised(number)
    if status == CORRECT:
        return _kept_because_correct(number)
    return _not_neutralised(number, _("la réponse n'a été ni passée ni invalidée par une sortie de la page."))


QuestionStrategy = Callable[[int, QuestionFacts], Decision]

# DOMAIN.md §6, code by code.
QUESTION_STRATEGIES: dict[str, QuestionStrategy] = {
    IssueCode.E1: _only_with_image,
    IssueCode.E2: _only_with_embed,
    IssueCode.E3: _only_with_attachment,
    IssueCode.E4: _neutralise_if_wrong,
    IssueCode.E5: _neutralise_if_wrong,
    IssueCode.E8: _only_if_timed,
    IssueCode.E9: _neutralise_if_wrong,
    IssueCode.E10: _focus_lost,
    IssueCode.E11: _neutralise_if_wrong,
    IssueCode.E12: _neutralise_if_wrong,
}
# Identity (C1) and fraud (C6) need a human: left unresolved, they keep the session « à traiter ».
LEFT_TO_STAFF = frozenset({IssueCode.C1, IssueCode.C6})
# C2, C4, C7, C8 change no result: noted as such, so that what stays unresolved is what needs a human.
WITHOUT_EFFECT = frozenset({IssueCode.C2, IssueCode.C4, IssueCode.C7, IssueCode.C8})


def decide(facts: ReportFacts) -> Decision:
    """The auto-jury's decision on one report, from its facts alone."""
    if facts.code in LEFT_TO_STAFF:
        return UNRESOLVED
    if facts.code in WITHOUT_EFFECT:
        return Decision(True, _("Pris en compte, sans effet sur le résultat."))
    strategy = QUESTION_STRATEGIES.get(facts.code)
    if strategy is None or facts.question_number is None:
        return UNRESOLVED  # unknown code, or an E code without its number (refused at entry): for staff
    number = facts.question_number
    if not facts.has_course:
        return Decision(
            True,
            _("Le candidat n'a pas commencé son test : la question %(n)s n'a pas pu être neutralisée.") % {"n": number},
        )
    if facts.question is None:
        return Decision(True, _("Aucune question ne correspond au numéro %(n)s.") % {"n": number})
    if facts.question.is_neutralised:
        return Decision(True, _("La question %(n)s était déjà neutralisée.") % {"n": number})
    return strategy(number, facts.question)


# --- The service ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class AutoJuryReport:
    session_id: int
    resolved: int  # reports resolved by this run
    neutralised: int  # questions neutralised
    restored: int  # focus-lost answers made correct
    unresolved: int  # reports left to Pix staff (this run and before)
    rescored: int  # courses given a new result
    is_publishable: bool


def _question_facts(question: CertificationChallenge) -> QuestionFacts:
    answer: Answer | None = getattr(question, "answer", None)
    challenge = question.challenge
    return QuestionFacts(
        answer_status=answer.status if answer else None,
        is_neutralised=question.is_neutralised,
        has_image=challenge.has_image,
        has_embed=challenge.has_embed,
        has_attachment=challenge.has_attachment,
        is_timed=challenge.is_timed,
        is_focus=challenge.is_focus,
    )


def _apply(decision: Decision, question: CertificationChallenge | None) -> None:
    if question is None or not decision.has_effect:
        return
    if decision.neutralise:
        question_neutralise(question=question)
    if decision.new_answer_status is not None:
        answer_status_change(answer=question.answer, status=decision.new_answer_status)


def _latest_result_in_error(course: CertificationCourse) -> bool:
    latest = latest_result(course)
    return latest is not None and latest.status == ResultStatus.ERROR


def session_auto_jury(*, session_id: int, now: dt.datetime | None = None) -> AutoJuryReport:
    now = now or timezone.now()
    with transaction.atomic():
        session = session_lock_for(session_id, AUTO_JURY, error=AutoJuryError)
        first_run = session.is_publishable is None  # set by the auto-jury only: None until it ran once
        courses = {c.candidate_id: c for c in CertificationCourse.objects.filter(session=session).order_by("pk")}
        questions: dict[int, dict[int, CertificationChallenge]] = {}
        for row in (
            CertificationChallenge.objects.filter(course__session=session)
            .select_related("challenge", "answer")
            .order_by("course_id", "position")
        ):
            questions.setdefault(row.course_id, {})[row.position] = row

        resolved = neutralised = restored = 0
        changed_courses: set[int] = set()
        reports = (
            IssueReport.objects.filter(candidate__session=session, resolved_at__isnull=True)
            .select_for_update(of=("self",))
            .order_by("created_at", "id")
        )
        for report in reports:
            course = report.course or courses.get(report.candidate_id)
            question: CertificationChallenge | None = None
            if course is not None and report.question_number is not None:
                question = questions.get(course.pk, {}).get(report.question_number)
            decision = decide(
                ReportFacts(
                    code=report.code,
                    question_number=report.question_number,
                    has_course=course is not None,
                    question=_question_facts(question) if question is not None else None,
                )
            )
            if not decision.resolved:
                continue
            _apply(decision, question)
            if decision.has_effect and course is not None:
                changed_courses.add(course.pk)
                neutralised += decision.neutralise
                restored += decision.new_answer_status is not None
            report.course = course
            report.resolved_at = now
            report.resolution = decision.resolution
            report.save(update_fields=["course", "resolved_at", "resolution"])
            resolved += 1

        rescored = 0
        for course in courses.values():
            if first_run or course.pk in changed_courses:
                course_score(course=course, emitter=AUTO_JURY_EMITTER, now=now)
                rescored += 1

        still_open = list(IssueReport.objects.filter(candidate__session=session, resolved_at__isnull=True))
        unresolved = len(still_open)
        unresolved_impactful = sum(r.is_impactful for r in still_open)
        finalisation = SessionFinalisation.objects.filter(session=session).first()
        has_global_comment = bool(finalisation and finalisation.global_comment.strip())
        in_error = sum(_latest_result_in_error(course) for course in courses.values())
        is_publishable = not has_global_comment and not unresolved_impactful and not in_error
        if not (resolved or rescored or session.is_publishable != is_publishable):
            # A run that changes nothing (a redelivered task, a second call) writes nothing, not even an event.
            return AutoJuryReport(
                session_id=session.pk,
                resolved=0,
                neutralised=0,
                restored=0,
                unresolved=unresolved,
                rescored=0,
                is_publishable=is_publishable,
            )
        session.is_publishable = is_publishable
        session.save(update_fields=["is_publishable"])
        session_event_record(
            session=session,
            kind="session.auto_jury",
            by=None,
            now=now,
            resolved=resolved,
            neutralised=neutralised,
            restored=restored,
            unresolved=unresolved,
            unresolved_impactful=unresolved_impactful,
            rescored=rescored,
            in_error=in_error,
            global_comment=has_global_comment,
            publishable=is_publishable,
        )
    return AutoJuryReport(
        session_id=session.pk,
        resolved=resolved,
        neutralised=neutralised,
        restored=restored,
        unresolved=unresolved,
        rescored=rescored,
        is_publishable=is_publishable,
    )


def auto_jury_sweep(*, now: dt.datetime | None = None) -> list[int]:
    """Finalised sessions the auto-jury never ran on, ``PIXCERTIF_SWEEP_GRACE`` after finalisation (its task
    was not queued: broker down, or lost): run it now. Returns the sessions it ran on."""
    now = now or timezone.now()
    due = list(
        Session.objects.filter(
            status=SessionStatus.FINALISED,
            is_publishable__isnull=True,
            finalised_at__lte=now - settings.PIXCERTIF_SWEEP_GRACE,
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    ran = []
    for session_id in due:
        try:
            session_auto_jury(session_id=session_id, now=now)
        except AutoJuryError:
            continue  # unfinalised meanwhile
        ran.append(session_id)
    if ran:
        logger.warning("Balayage de l'auto-jury : %s session(s) traitées en retard : %s", len(ran), ran)
    return ran

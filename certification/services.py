"""Every write and state change of a certification test; each one leaves a SessionEvent.

Course states (DESIGN.md, "State"): started → completed | ended_by_supervisor | ended_by_finalisation.
Guards re-read the course under a row lock, so that two clicks (or a candidate and a supervisor) at
the same moment are serialised and the second one sees what the first wrote.
"""

from __future__ import annotations

import datetime as dt
import random

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.throttle import throttle_check, throttle_failure, throttle_success
from candidates.models import Candidate
from candidates.services import CandidateError, candidate_link
from certification.generation import ChallengeOption, CompetenceInput, SkillOption, pick_challenges
from certification.models import (
    Answer,
    AnswerStatus,
    CertificationChallenge,
    CertificationCourse,
    CoursePosition,
    CourseStatus,
)
from certification.rules import RESUME_VALIDITY, answer_deadline
from certification.selectors import course_next_question
from certification.services_scoring import course_score
from certification.tasks import course_score_task
from pixcertif.lib.bulk_insert import insert_rows
from pixcertif.lib.codes import generate_verification_code
from pixcertif.lib.errors import ServiceError
from pixcertif.lib.tasks import enqueue_on_commit
from referential.answers import is_correct
from referential.models import PlacementProfile
from referential.selectors import (
    answered_challenge_ids,
    latest_profile_for_student,
    latest_profile_for_user,
    validated_skills_with_challenges,
)
from sessions_app.lifecycle import locked_sessions, session_locked
from sessions_app.models import Session
from sessions_app.services import session_event_record, session_mark_started

__all__ = [
    "CertificationError",
    "QuestionNotInCourse",
    "answer_submit",
    "course_authorise_resume",
    "course_complete",
    "course_end_by_supervisor",
    "course_join",
    "course_score",
    "course_start_or_resume",
    "question_focus_lost",
    "question_show",
]

VERIFICATION_CODE_ATTEMPTS = 10


class CertificationError(ServiceError):
    pass


def _msg_session_closed() -> str:
    return _("La session n'accepte plus de candidats.")


def _msg_test_over() -> str:
    return _("Votre test est terminé.")


def _lock(course: CertificationCourse) -> CertificationCourse:
    return (
        CertificationCourse.objects.select_for_update(of=("self",)).select_related("session", "user").get(pk=course.pk)
    )


def _queue_scoring(course: CertificationCourse) -> None:
    # A broker outage must not fail the answer: the scoring sweep picks up what was not queued.
    enqueue_on_commit(course_score_task, course.pk)


# Starting, resuming


def _profile_for(candidate: Candidate, user: User) -> PlacementProfile | None:
    """The account's profile if it has one, else the enrolled student's (DOMAIN.md §5)."""
    profile = latest_profile_for_user(user)
    if profile is None and candidate.student_id is not None:
        profile = latest_profile_for_student(candidate.student)  # type: ignore[arg-type]
    return profile


def _competence_inputs(profile: PlacementProfile) -> list[CompetenceInput]:
    """What generation needs, in two queries: the validated skills with their challenges, and the seen ones."""
    seen = answered_challenge_ids(profile)
    by_competence: dict[int, list[SkillOption]] = {}
    for skill, challenge_ids in validated_skills_with_challenges(profile):
        by_competence.setdefault(skill.competence_id, []).append(
            SkillOption(
                skill.pk,
                skill.tube_id,
                skill.level,
                tuple(ChallengeOption(pk, seen=pk in seen) for pk in challenge_ids),
                skill.name,
            )
        )
    return [
        CompetenceInput(pc.competence_id, pc.level, tuple(by_competence.get(pc.competence_id, ())))
        for pc in sorted(profile.competences.all(), key=lambda pc: pc.competence.code)
    ]


def _course_create(
    *, candidate: Candidate, user: User, profile: PlacementProfile, now: dt.datetime, rng: random.Random
) -> tuple[CertificationCourse, int]:
    """The test and its questions; with the number of questions."""
    competences = _competence_inputs(profile)
    picked = pick_challenges(competences=competences, rng=rng)
    if not picked:
        raise CertificationError(
            _("Aucune question ne peut être proposée pour votre profil. Prévenez votre surveillant.")
        )
    for _attempt in range(VERIFICATION_CODE_ATTEMPTS):
        try:
            with transaction.atomic():  # a savepoint: a code collision only retries the insert
                course = CertificationCourse.objects.create(
                    candidate=candidate,
                    session=candidate.session,
                    user=user,
                    max_reachable_level=settings.PIXCERTIF_MAX_REACHABLE_LEVEL,
                    extra_time_percentage=candidate.extra_time_percentage,
                    verification_code=generate_verification_code(),
                    started_at=now,
                )
            break
        except IntegrityError:
            if CertificationCourse.objects.filter(candidate=candidate).exists():
                raise
    else:
        raise IntegrityError("no unique verification code after several attempts")
    # Plain rows, one INSERT each: no model instance per question (the join is the hot write of 9:00).
    insert_rows(
        CoursePosition,
        ("course", "competence", "level", "pix"),
        [(course.pk, pc.competence_id, pc.level, pc.pix) for pc in profile.competences.all() if pc.level >= 1],
    )
    insert_rows(
        CertificationChallenge,
        ("course", "position", "challenge", "competence", "skill_level", "is_neutralised"),
        [
            (course.pk, position, p.challenge_id, p.competence_id, p.skill_level, False)
            for position, p in enumerate(picked, start=1)
        ],
    )
    return course, len(picked)


def course_start_or_resume(
    *, candidate: Candidate, user: User, now: dt.datetime | None = None, rng: random.Random | None = None
) -> CertificationCourse:
    """After the right access code: start the candidate's test, or resume it when the supervisor allowed it."""
    now = now or timezone.now()
    with transaction.atomic():
        session = session_locked(candidate.session_id)
        candidate = Candidate.objects.select_for_update(of=("self",)).get(pk=candidate.pk)
        candidate.session = session
        return _start_or_resume(session=session, candidate=candidate, user=user, now=now, rng=rng)


def _start_or_resume(
    *,
    session: Session,
    candidate: Candidate,
    user: User,
    now: dt.datetime,
    rng: random.Random | None,
    linked_now: bool = False,
) -> CertificationCourse:
    """The start or the resume, the session and the candidate being locked by the caller's transaction.

    ``linked_now``: the candidate was linked to the account in this transaction, so it has no test yet.
    """
    if not session.accepts_candidates():
        raise CertificationError(_msg_session_closed())
    if candidate.user_id != user.pk:
        raise CertificationError(_("Les informations saisies ne correspondent à aucun candidat inscrit à la session."))

    course = None if linked_now else CertificationCourse.objects.select_for_update().filter(candidate=candidate).first()
    if course is not None:
        course.session = session
        if not course.is_running():
            raise CertificationError(_msg_test_over())
        if course.resume_authorised_until is None or course.resume_authorised_until <= now:
            raise CertificationError(_("Votre surveillant doit autoriser la reprise de votre test."))
        course.resume_authorised_until = None  # consumed: one authorisation, one resume
        course.save(update_fields=["resume_authorised_until"])
        session_event_record(
            session=session, kind="course.resumed", by=user, now=now, course=course.pk, candidate=candidate.pk
        )
        return course

    if candidate.authorized_to_start_until is None or candidate.authorized_to_start_until <= now:
        raise CertificationError(
            _("Votre surveillant n'a pas confirmé votre présence dans la salle de test. Veuillez patienter.")
        )
    profile = _profile_for(candidate, user)
    if profile is None or not profile.is_certifiable():
        raise CertificationError(
            _(
                "Votre profil n'est pas encore certifiable. Pour faire certifier votre profil, vous devez avoir "
                "obtenu un niveau supérieur à 0 dans 5 compétences minimum."
            )
        )
    candidate.authorized_to_start_until = None  # consumed on entry (DOMAIN.md §4)
    candidate.save(update_fields=["authorized_to_start_until"])
    course, question_count = _course_create(
        candidate=candidate, user=user, profile=profile, now=now, rng=rng or random.SystemRandom()
    )
    if session.started_at is None:  # the session row is locked: the first start is decided here
        session_mark_started(session=session, now=now)
    session_event_record(
        session=session,
        kind="course.started",
        by=user,
        now=now,
        course=course.pk,
        candidate=candidate.pk,
        profile=profile.pk,
        questions=question_count,
    )
    return course


# Joining at 9:00 (DOMAIN.md §4, docs/passage-du-test.md): session number, access code, identity, then the test.

JOIN_SCOPE = "join"
# Failures count against the account that made them, never against the session: ten wrong attempts by one
# account lock that account on that session (2, 4, 8… minutes), twenty on any sessions lock the account.
JOIN_LIMIT_PER_SESSION = 10
JOIN_LIMIT_PER_ACCOUNT = 20


def _msg_wrong_session_or_code() -> str:
    # One answer for an unknown session and a wrong code (DOMAIN.md §4): nothing to learn by trying.
    return _("Le numéro de session et/ou le code d'accès saisis sont incorrects.")


def _msg_locked() -> str:
    return _("Trop de tentatives : l'accès à cette session est bloqué pendant quelques minutes. Réessayez plus tard.")


class _WrongSessionOrCode(CertificationError):
    pass


def join_throttle_keys(*, user: User, session_number: int) -> tuple[str, str]:
    """The two throttle keys of a join attempt: the account with the session, and the account alone."""
    return f"compte:{user.pk}:session:{session_number}", f"compte:{user.pk}"


def course_join(
    *,
    user: User,
    session_number: int,
    access_code: str,
    first_name: str,
    last_name: str,
    birthdate: dt.date,
    now: dt.datetime | None = None,
    rng: random.Random | None = None,
) -> CertificationCourse:
    """A candidate's whole join in one transaction: code, identity (``candidate.joined``), then the test.

    The session row is locked once for all of it. A wrong session number or code, and an identity that
    matches nobody, count as failures of this account (throttle scope ``join``); the rest (presence not
    confirmed, profile not certifiable) are not guesses and are not counted.
    """
    now = now or timezone.now()
    per_session, per_account = join_throttle_keys(user=user, session_number=session_number)
    check = throttle_check(scope=JOIN_SCOPE, keys=(per_session, per_account), now=now)
    if check.locked_until is not None:
        raise CertificationError(_msg_locked())
    try:
        with transaction.atomic():
            session = locked_sessions().filter(pk=session_number).first()
            if session is None or not constant_time_compare(session.access_code, access_code):
                raise _WrongSessionOrCode(_msg_wrong_session_or_code())
            candidate, linked_now = candidate_link(
                session=session, user=user, first_name=first_name, last_name=last_name, birthdate=birthdate, now=now
            )
            course = _start_or_resume(
                session=session, candidate=candidate, user=user, now=now, rng=rng, linked_now=linked_now
            )
    except (_WrongSessionOrCode, CandidateError) as error:
        locked = throttle_failure(scope=JOIN_SCOPE, key=per_session, now=now, limit=JOIN_LIMIT_PER_SESSION)
        locked = throttle_failure(scope=JOIN_SCOPE, key=per_account, now=now, limit=JOIN_LIMIT_PER_ACCOUNT) or locked
        if locked:
            raise CertificationError(_msg_locked()) from error
        raise CertificationError(error.message, field=error.field) from error
    for key in check.failing_keys:
        throttle_success(scope=JOIN_SCOPE, key=key)
    return course


# Taking the test


def question_show(*, question: CertificationChallenge, now: dt.datetime | None = None) -> CertificationChallenge:
    """The question is on screen: its timer starts now, the first time only (a reload does not restart it)."""
    if question.first_shown_at is not None:
        return question
    now = now or timezone.now()
    if CertificationChallenge.objects.filter(pk=question.pk, first_shown_at__isnull=True).update(first_shown_at=now):
        question.first_shown_at = now
    else:  # shown at the same moment by another request (two tabs): keep the first time
        question.refresh_from_db(fields=["first_shown_at"])
    return question


def question_neutralise(*, question: CertificationChallenge, neutralised: bool = True) -> bool:
    """Neutralise (or de-neutralise) question N of a test; True when it changed.

    Called inside the caller's transaction (auto-jury, jury action), which records the event and
    rescores: one audit line and one new result per decision, not per question.
    """
    updated = CertificationChallenge.objects.filter(pk=question.pk).exclude(is_neutralised=neutralised)
    changed = bool(updated.update(is_neutralised=neutralised))
    question.is_neutralised = neutralised
    return changed


def answer_status_change(*, answer: Answer, status: str) -> bool:
    """Set an answer's status after a decision (E10: a focus-lost correct answer becomes ok); True when it changed.

    Same contract as ``question_neutralise``: the caller audits and rescores.
    """
    changed = bool(Answer.objects.filter(pk=answer.pk).exclude(status=status).update(status=status))
    answer.status = status
    return changed


def question_focus_lost(
    *, course: CertificationCourse, question: CertificationChallenge, now: dt.datetime | None = None
) -> bool:
    """The candidate left the page of a focus question: recorded once, before the answer; True if recorded."""
    now = now or timezone.now()
    with transaction.atomic():
        course = _lock(course)
        # After the finalisation nothing of the test changes any more, focus included.
        if not course.is_running() or question.course_id != course.pk or not course.session.accepts_candidates():
            return False
        updated = CertificationChallenge.objects.filter(
            pk=question.pk,
            course=course,
            challenge__is_focus=True,
            focus_lost_at__isnull=True,
            answer__isnull=True,
        ).update(focus_lost_at=now)
        if updated:
            session_event_record(
                session=course.session,
                kind="course.focus_lost",
                by=course.user,
                now=now,
                course=course.pk,
                question=question.position,
            )
    return bool(updated)


def _answer_status(
    *, course: CertificationCourse, question: CertificationChallenge, value: str, skipped: bool, now: dt.datetime
) -> AnswerStatus:
    if skipped:
        return AnswerStatus.SKIPPED
    challenge = question.challenge
    if not is_correct(challenge, value):
        return AnswerStatus.KO
    deadline = answer_deadline(question.first_shown_at, challenge.timer_seconds, course.extra_time_percentage)
    if deadline is not None and now > deadline:
        return AnswerStatus.TIMEDOUT
    if challenge.is_focus and question.focus_lost_at is not None:
        return AnswerStatus.FOCUSEDOUT
    return AnswerStatus.OK


def _same_answer(answer: Answer, value: str, skipped: bool) -> bool:
    if skipped or answer.status == AnswerStatus.SKIPPED:
        return skipped and answer.status == AnswerStatus.SKIPPED
    return answer.value == value


class QuestionNotInCourse(CertificationError):
    """The question posted is not one of this test's: the page answers 404, as for a test that is not yours."""


def answer_submit(
    *,
    course: CertificationCourse,
    question: CertificationChallenge,
    value: str,
    skipped: bool,
    now: dt.datetime | None = None,
) -> Answer:
    """Record the one answer to the current question; the same answer again returns the first one.

    Only ``question.pk`` is read: the question is re-read under the course's lock, with the next one, in
    one query (the answer is the hottest write of exam day: docs/performance.md).
    """
    now = now or timezone.now()
    value = "" if skipped else value.strip()
    with transaction.atomic():
        course = _lock(course)
        upcoming = list(
            CertificationChallenge.objects.filter(course=course, answer__isnull=True)
            .select_related("challenge")
            .order_by("position")[:2]
        )
        if upcoming and upcoming[0].pk == question.pk:
            question = upcoming[0]
        else:  # not the current question: a double click, a reload, or a page that is out of date
            found = (
                CertificationChallenge.objects.select_related("challenge", "answer")
                .filter(pk=question.pk, course=course)
                .first()
            )
            if found is None:
                raise QuestionNotInCourse(_("Cette question ne fait pas partie de votre test."))
            existing = getattr(found, "answer", None)
            # A double click or a reload after the last answer: success, even once the test is over.
            if existing is not None and _same_answer(existing, value, skipped):
                return existing
            question = found
        if not course.is_running():
            raise CertificationError(_msg_test_over())
        if not course.session.accepts_candidates():
            raise CertificationError(_msg_session_closed())
        if question is not (upcoming[0] if upcoming else None):
            if getattr(question, "answer", None) is not None:
                raise CertificationError(_("Vous avez déjà répondu à cette question."))
            raise CertificationError(_("Cette question n'est pas la question en cours."))

        status = _answer_status(course=course, question=question, value=value, skipped=skipped, now=now)
        elapsed = int((now - question.first_shown_at).total_seconds()) if question.first_shown_at else None
        answer = Answer.objects.create(
            question=question,
            course=course,
            value=value,
            status=status,
            answered_at=now,
            elapsed_seconds=max(0, elapsed) if elapsed is not None else None,
        )
        if len(upcoming) == 1:  # that was the last unanswered question
            _complete(course, now=now)
    return answer


# Ending


def _complete(course: CertificationCourse, *, now: dt.datetime) -> None:
    course.status = CourseStatus.COMPLETED
    course.completed_at = now
    course.resume_authorised_until = None
    course.save(update_fields=["status", "completed_at", "resume_authorised_until"])
    session_event_record(session=course.session, kind="course.completed", by=course.user, now=now, course=course.pk)
    _queue_scoring(course)


def course_complete(*, course: CertificationCourse, now: dt.datetime | None = None) -> CertificationCourse:
    """Every question answered: « Test terminé ! » (answer_submit calls it after the last answer)."""
    now = now or timezone.now()
    with transaction.atomic():
        course = _lock(course)
        if not course.is_running():
            raise CertificationError(_msg_test_over())
        if course_next_question(course) is not None:
            raise CertificationError(_("Vous n'avez pas répondu à toutes les questions."))
        _complete(course, now=now)
    return course


def course_end_by_supervisor(
    *, course: CertificationCourse, by: User | None, now: dt.datetime | None = None
) -> CertificationCourse:
    """« Terminer le test »: irreversible; the unanswered questions are settled at scoring."""
    now = now or timezone.now()
    with transaction.atomic():
        course = _lock(course)
        if not course.is_running():
            raise CertificationError(_("Ce test est déjà terminé."))
        course.status = CourseStatus.ENDED_BY_SUPERVISOR
        course.ended_at = now
        course.resume_authorised_until = None
        course.save(update_fields=["status", "ended_at", "resume_authorised_until"])
        session_event_record(
            session=course.session, kind="course.ended_by_supervisor", by=by, now=now, course=course.pk
        )
        _queue_scoring(course)
    return course


def course_authorise_resume(
    *, course: CertificationCourse, by: User | None, now: dt.datetime | None = None
) -> CertificationCourse:
    """« Autoriser la reprise du test »: the candidate may re-enter within 15 minutes."""
    now = now or timezone.now()
    with transaction.atomic():
        course = _lock(course)
        if not course.session.accepts_candidates():
            raise CertificationError(_msg_session_closed())
        if not course.is_running():
            raise CertificationError(_("Ce test est terminé : sa reprise ne peut pas être autorisée."))
        course.resume_authorised_until = now + RESUME_VALIDITY
        course.save(update_fields=["resume_authorised_until"])
        session_event_record(
            session=course.session,
            kind="course.resume_authorised",
            by=by,
            now=now,
            course=course.pk,
            until=course.resume_authorised_until.isoformat(),
        )
    return course

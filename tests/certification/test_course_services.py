"""Starting, resuming, answering and ending a test (DOMAIN.md §4, §5): every guard and its message."""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command

from certification import services
from certification.generation import pick_challenges
from certification.models import (
    Answer,
    AnswerStatus,
    AssessmentResult,
    CertificationChallenge,
    CertificationCourse,
    CoursePosition,
    CourseStatus,
)
from certification.selectors import course_next_question
from certification.services import (
    CertificationError,
    answer_submit,
    course_authorise_resume,
    course_complete,
    course_end_by_supervisor,
    course_score,
    course_start_or_resume,
    question_focus_lost,
    question_show,
)
from referential.models import (
    Challenge,
    ChallengeStatus,
    Competence,
    PlacementProfile,
    ProfileChallenge,
    ProfileCompetence,
    ProfileSkill,
    ProfileSource,
    Skill,
)
from sessions_app.models import SessionEvent, SessionStatus
from tests.accounts.factories import UserFactory
from tests.candidates.factories import CandidateFactory
from tests.centres.factories import StudentFactory
from tests.certification.factories import FIVE, T0, bank, ready_candidate
from tests.referential.factories import PlacementProfileFactory

pytestmark = pytest.mark.django_db

NOT_CONFIRMED = "Votre surveillant n'a pas confirmé votre présence dans la salle de test. Veuillez patienter."
NOT_CERTIFIABLE = (
    "Votre profil n'est pas encore certifiable. Pour faire certifier votre profil, vous devez avoir obtenu un "
    "niveau supérieur à 0 dans 5 compétences minimum."
)
SESSION_CLOSED = "La session n'accepte plus de candidats."
TEST_OVER = "Votre test est terminé."
RESUME_NEEDED = "Votre surveillant doit autoriser la reprise de votre test."
ALREADY_ANSWERED = "Vous avez déjà répondu à cette question."
RIGHT, WRONG = "1", "0"  # the bank's QCU: the right proposal is index 1


@pytest.fixture(autouse=True)
def _bank(db: None) -> None:
    bank()


def start(candidate: Any = None, **kwargs: Any) -> CertificationCourse:
    candidate = candidate or ready_candidate(**kwargs)
    return course_start_or_resume(candidate=candidate, user=candidate.user, now=T0, rng=random.Random(7))


def refused(message: str, call: Callable[[], object]) -> None:
    with pytest.raises(CertificationError) as error:
        call()
    assert error.value.message == message


def current(course: CertificationCourse) -> CertificationChallenge:
    question = course_next_question(course)
    assert question is not None
    return question


def answer(course: CertificationCourse, value: str = RIGHT, *, skipped: bool = False, at: dt.datetime = T0) -> Answer:
    return answer_submit(course=course, question=current(course), value=value, skipped=skipped, now=at)


def kinds(course: CertificationCourse) -> list[str]:
    return list(SessionEvent.objects.filter(session=course.session).order_by("at", "id").values_list("kind", flat=True))


# Starting


def test_it_starts_a_test_frozen_at_creation(settings: Any) -> None:
    settings.PIXCERTIF_MAX_REACHABLE_LEVEL = 5
    candidate = ready_candidate(extra_time_percentage=30, levels={"1.1": 3, "1.2": 2, "1.3": 2, "2.1": 3, "2.2": 2})

    course = start(candidate)

    assert course.status == CourseStatus.STARTED
    assert course.started_at == T0
    assert course.max_reachable_level == 5
    assert course.extra_time_percentage == 30
    assert re.fullmatch(r"P-[2346789BCDFGHJKMPQRTVWXY]{8}", course.verification_code)
    assert course.challenges.count() == 15
    positions = {p.competence.code: (p.level, p.pix) for p in CoursePosition.objects.filter(course=course)}
    assert positions == {"1.1": (3, 24), "1.2": (2, 16), "1.3": (2, 16), "2.1": (3, 24), "2.2": (2, 16)}
    candidate.refresh_from_db()
    assert candidate.authorized_to_start_until is None  # consumed
    course.session.refresh_from_db()
    assert course.session.started_at == T0
    assert kinds(course) == ["session.started", "course.started"]


def test_it_asks_three_questions_per_competence_in_competence_order_hardest_first() -> None:
    course = start(levels={"1.1": 3, "1.2": 2, "1.3": 3, "2.1": 3, "2.2": 3})
    rows = list(course.challenges.order_by("position").values_list("position", "competence__code", "skill_level"))
    assert [r[0] for r in rows] == list(range(1, 16))
    assert [r[1] for r in rows] == [code for code in FIVE for _ in range(3)]
    # Two tubes of levels 1–3: the level 3 of each tube, then a level 2; at level 2, 2, 2 then 1.
    assert [r[2] for r in rows[:3]] == [3, 3, 2]
    assert [r[2] for r in rows[3:6]] == [2, 2, 1]


def test_a_competence_with_fewer_usable_skills_gets_fewer_questions() -> None:
    # Level 1 in 2.2 validates its two level-1 skills only (two tubes): 2 questions, not 3.
    course = start(levels={"1.1": 3, "1.2": 3, "1.3": 3, "2.1": 3, "2.2": 1})
    assert course.challenges.filter(competence__code="2.2").count() == 2
    assert course.challenges.count() == 14


def test_the_user_profile_wins_over_the_student_profile_and_the_student_one_is_used_otherwise() -> None:
    student = StudentFactory()
    PlacementProfileFactory(student=student, levels=dict.fromkeys(FIVE, 2))
    user = UserFactory()
    candidate = CandidateFactory(user=user, student=student, authorized_to_start_until=T0 + dt.timedelta(minutes=5))

    course = course_start_or_resume(candidate=candidate, user=user, now=T0)

    assert set(CoursePosition.objects.filter(course=course).values_list("level", flat=True)) == {2}


def test_it_refuses_a_candidate_whose_presence_is_not_confirmed() -> None:
    candidate = ready_candidate()
    candidate.authorized_to_start_until = None
    candidate.save()
    refused(NOT_CONFIRMED, lambda: start(candidate))


def test_it_refuses_a_presence_confirmation_older_than_fifteen_minutes() -> None:
    candidate = ready_candidate(now=T0 - dt.timedelta(minutes=15))
    refused(NOT_CONFIRMED, lambda: start(candidate))
    assert not CertificationCourse.objects.exists()


def test_it_refuses_a_profile_that_is_not_certifiable() -> None:
    candidate = ready_candidate(levels={"1.1": 3, "1.2": 3, "1.3": 3, "2.1": 3})
    refused(NOT_CERTIFIABLE, lambda: start(candidate))
    candidate.refresh_from_db()
    assert candidate.authorized_to_start_until is not None  # not consumed by a refusal


def test_it_refuses_a_candidate_without_any_profile() -> None:
    candidate = CandidateFactory(user=UserFactory(), authorized_to_start_until=T0 + dt.timedelta(minutes=5))
    refused(NOT_CERTIFIABLE, lambda: start(candidate))


def test_it_refuses_a_session_that_no_longer_accepts_candidates() -> None:
    candidate = ready_candidate()
    candidate.session.status = SessionStatus.FINALISED
    candidate.session.save()
    refused(SESSION_CLOSED, lambda: start(candidate))


def test_it_refuses_another_account_than_the_candidate_s() -> None:
    candidate = ready_candidate()
    message = "Les informations saisies ne correspondent à aucun candidat inscrit à la session."
    refused(message, lambda: course_start_or_resume(candidate=candidate, user=UserFactory(), now=T0))


def test_it_retries_a_verification_code_already_taken(monkeypatch: pytest.MonkeyPatch) -> None:
    first = start()
    codes = iter([first.verification_code, "P-BCDFGHJK"])
    monkeypatch.setattr(services, "generate_verification_code", lambda: next(codes))
    second = start()
    assert second.verification_code == "P-BCDFGHJK"


# Resuming


def test_it_refuses_to_resume_without_the_supervisor_s_authorisation() -> None:
    course = start()
    refused(RESUME_NEEDED, lambda: start(course.candidate))


def test_it_resumes_once_per_authorisation_at_the_first_unanswered_question() -> None:
    course = start()
    answer(course)
    course_authorise_resume(course=course, by=None, now=T0 + dt.timedelta(minutes=10))

    resumed = course_start_or_resume(candidate=course.candidate, user=course.user, now=T0 + dt.timedelta(minutes=20))

    assert resumed.pk == course.pk
    assert resumed.resume_authorised_until is None
    assert current(resumed).position == 2
    assert "course.resumed" in kinds(course)
    refused(RESUME_NEEDED, lambda: start(course.candidate))


def test_a_resume_authorisation_expires_after_fifteen_minutes() -> None:
    course = start()
    course_authorise_resume(course=course, by=None, now=T0)
    later = T0 + dt.timedelta(minutes=15)
    refused(RESUME_NEEDED, lambda: course_start_or_resume(candidate=course.candidate, user=course.user, now=later))


def test_it_refuses_to_resume_an_ended_test() -> None:
    course = start()
    course_end_by_supervisor(course=course, by=None, now=T0)
    refused(TEST_OVER, lambda: start(course.candidate))


def test_authorising_a_resume_sets_fifteen_minutes_and_is_recorded() -> None:
    supervisor = UserFactory()
    course = start()
    course = course_authorise_resume(course=course, by=supervisor, now=T0)
    assert course.resume_authorised_until == T0 + dt.timedelta(minutes=15)
    event = SessionEvent.objects.get(kind="course.resume_authorised")
    assert event.actor == supervisor


def test_it_refuses_to_authorise_the_resume_of_an_ended_test() -> None:
    course = start()
    course_end_by_supervisor(course=course, by=None, now=T0)
    message = "Ce test est terminé : sa reprise ne peut pas être autorisée."
    refused(message, lambda: course_authorise_resume(course=course, by=None, now=T0))


# Answering


def test_question_show_starts_the_timer_once() -> None:
    course = start()
    question = question_show(question=current(course), now=T0)
    question_show(question=question, now=T0 + dt.timedelta(minutes=1))
    question.refresh_from_db()
    assert question.first_shown_at == T0


def test_it_records_right_wrong_and_skipped_answers() -> None:
    course = start()
    assert answer(course, RIGHT).status == AnswerStatus.OK
    assert answer(course, WRONG).status == AnswerStatus.KO
    skipped = answer(course, "whatever", skipped=True)
    assert (skipped.status, skipped.value) == (AnswerStatus.SKIPPED, "")


def test_the_same_answer_again_is_an_idempotent_success() -> None:
    course = start()
    question = current(course)
    first = answer_submit(course=course, question=question, value=RIGHT, skipped=False, now=T0)
    again = answer_submit(course=course, question=question, value=f" {RIGHT} ", skipped=False, now=T0)
    assert again.pk == first.pk
    assert Answer.objects.count() == 1


def test_skipping_again_is_an_idempotent_success() -> None:
    course = start()
    question = current(course)
    first = answer_submit(course=course, question=question, value="", skipped=True, now=T0)
    assert answer_submit(course=course, question=question, value="", skipped=True, now=T0).pk == first.pk


def test_a_different_answer_is_refused() -> None:
    course = start()
    question = current(course)
    answer_submit(course=course, question=question, value=RIGHT, skipped=False, now=T0)
    refused(ALREADY_ANSWERED, lambda: answer_submit(course=course, question=question, value=WRONG, skipped=False))
    refused(ALREADY_ANSWERED, lambda: answer_submit(course=course, question=question, value="", skipped=True))
    assert Answer.objects.get().value == RIGHT


def test_an_answer_to_a_question_that_is_not_the_next_one_is_refused() -> None:
    course = start()
    third = course.challenges.get(position=3)
    message = "Cette question n'est pas la question en cours."
    refused(message, lambda: answer_submit(course=course, question=third, value=RIGHT, skipped=False))


def test_an_answer_to_another_candidate_s_question_is_refused() -> None:
    mine, theirs = start(), start()
    message = "Cette question ne fait pas partie de votre test."
    refused(message, lambda: answer_submit(course=mine, question=current(theirs), value=RIGHT, skipped=False))


def test_an_answer_is_refused_once_the_test_is_ended_by_the_supervisor() -> None:
    course = start()
    course_end_by_supervisor(course=course, by=None, now=T0)
    refused(TEST_OVER, lambda: answer(course))


def test_an_answer_is_refused_once_the_session_is_finalised() -> None:
    course = start()
    course.session.status = SessionStatus.FINALISED
    course.session.save()
    refused(SESSION_CLOSED, lambda: answer(course))


def _timed(course: CertificationCourse, seconds: int = 60) -> CertificationChallenge:
    question = current(course)
    Challenge.objects.filter(pk=question.challenge_id).update(timer_seconds=seconds)
    return question_show(question=question, now=T0)


@pytest.mark.parametrize(
    ("extra", "after", "status"),
    [
        (None, 60, AnswerStatus.OK),
        (None, 65, AnswerStatus.OK),  # 5 s of network grace
        (None, 66, AnswerStatus.TIMEDOUT),
        (30, 83, AnswerStatus.OK),  # 60 s × 1.3 = 78 s, + 5 s
        (30, 84, AnswerStatus.TIMEDOUT),
    ],
)
def test_a_correct_answer_after_the_timer_is_timed_out(extra: int | None, after: int, status: AnswerStatus) -> None:
    course = start(extra_time_percentage=extra)
    _timed(course)
    assert answer(course, RIGHT, at=T0 + dt.timedelta(seconds=after)).status == status


def test_a_wrong_answer_after_the_timer_stays_wrong() -> None:
    course = start()
    _timed(course)
    assert answer(course, WRONG, at=T0 + dt.timedelta(minutes=5)).status == AnswerStatus.KO


def test_the_elapsed_time_is_recorded() -> None:
    course = start()
    _timed(course)
    assert answer(course, at=T0 + dt.timedelta(seconds=42)).elapsed_seconds == 42


def _focus(course: CertificationCourse) -> CertificationChallenge:
    question = current(course)
    Challenge.objects.filter(pk=question.challenge_id).update(is_focus=True)
    return question


def test_a_correct_answer_after_leaving_a_focus_question_is_focused_out() -> None:
    course = start()
    question = _focus(course)
    assert question_focus_lost(course=course, question=question, now=T0 + dt.timedelta(seconds=10)) is True
    assert question_focus_lost(course=course, question=question, now=T0 + dt.timedelta(seconds=20)) is False
    question.refresh_from_db()
    assert question.focus_lost_at == T0 + dt.timedelta(seconds=10)
    assert answer(course, RIGHT).status == AnswerStatus.FOCUSEDOUT
    assert kinds(course).count("course.focus_lost") == 1


def test_a_wrong_answer_after_leaving_a_focus_question_stays_wrong() -> None:
    course = start()
    question = _focus(course)
    question_focus_lost(course=course, question=question, now=T0)
    assert answer(course, WRONG).status == AnswerStatus.KO


def test_leaving_a_question_that_is_not_focus_or_already_answered_is_not_recorded() -> None:
    course = start()
    plain = current(course)
    assert question_focus_lost(course=course, question=plain, now=T0) is False
    focus = _focus(course)
    answer(course)
    assert question_focus_lost(course=course, question=focus, now=T0) is False
    assert answer(course, RIGHT).status == AnswerStatus.OK


def test_the_last_answer_completes_the_test_and_scores_it(django_capture_on_commit_callbacks: Any) -> None:
    course = start()
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(course.challenges.count()):
            answer(course, RIGHT)
    course.refresh_from_db()
    assert course.status == CourseStatus.COMPLETED
    assert course.completed_at == T0
    result = AssessmentResult.objects.get(course=course)
    assert (result.status, result.reproducibility, result.pix_score) == ("validated", 100, 5 * 24)
    assert "course.completed" in kinds(course)
    assert "course.scored" in kinds(course)


def test_resubmitting_the_last_answer_after_completion_is_still_a_success() -> None:
    course = start()
    for _ in range(course.challenges.count() - 1):
        answer(course)
    last = current(course)
    first = answer_submit(course=course, question=last, value=RIGHT, skipped=False, now=T0)
    assert answer_submit(course=course, question=last, value=RIGHT, skipped=False, now=T0).pk == first.pk
    refused(TEST_OVER, lambda: answer_submit(course=course, question=last, value=WRONG, skipped=False, now=T0))


def test_course_complete_refuses_a_test_with_unanswered_questions() -> None:
    course = start()
    refused("Vous n'avez pas répondu à toutes les questions.", lambda: course_complete(course=course, now=T0))


# Ending by the supervisor


def test_the_supervisor_ends_a_test_for_good_and_it_is_scored(django_capture_on_commit_callbacks: Any) -> None:
    supervisor = UserFactory()
    course = start()
    answer(course)
    with django_capture_on_commit_callbacks(execute=True):
        course = course_end_by_supervisor(course=course, by=supervisor, now=T0 + dt.timedelta(minutes=30))
    assert course.status == CourseStatus.ENDED_BY_SUPERVISOR
    assert course.ended_at == T0 + dt.timedelta(minutes=30)
    assert SessionEvent.objects.get(kind="course.ended_by_supervisor").actor == supervisor
    # 1 right, 14 unanswered and no abort reason yet: out of R (Pix), 1 counted of 15 < 66 % → cancelled until
    # the finalisation gives the reason and the test is scored again.
    result = AssessmentResult.objects.get(course=course)
    assert (result.status, result.reproducibility) == ("cancelled", 100)
    refused("Ce test est déjà terminé.", lambda: course_end_by_supervisor(course=course, by=supervisor))


# With a positioning profile and the demo bank


def test_a_positioning_profile_gets_variants_it_has_not_seen_from_the_demo_bank() -> None:
    call_command("load_demo_content", verbosity=0)
    user = UserFactory()
    profile = PlacementProfile.objects.create(user=user, assessed_at=T0, source=ProfileSource.POSITIONING)
    codes = ["1.1", "1.2", "2.1", "3.1", "4.1", "5.1"]
    for skill in Skill.objects.filter(tube__competence__code__in=codes, level__lte=3):
        ProfileSkill.objects.create(profile=profile, skill=skill, validated=True)
        first = skill.challenges.order_by("pk").first()
        assert first is not None
        ProfileChallenge.objects.create(profile=profile, challenge=first)
    for competence in Competence.objects.all():
        level = 3 if competence.code in codes else 0
        ProfileCompetence.objects.create(profile=profile, competence=competence, level=level, pix=level * 8)
    candidate = CandidateFactory(user=user, authorized_to_start_until=T0 + dt.timedelta(minutes=5))

    course = course_start_or_resume(candidate=candidate, user=user, now=T0, rng=random.Random(3))

    assert course.challenges.count() == 18
    seen = set(ProfileChallenge.objects.filter(profile=profile).values_list("challenge_id", flat=True))
    assert not set(course.challenges.values_list("challenge_id", flat=True)) & seen


# The draw as Pix draws it (issue 14): hand-worked examples on the database


def test_the_demo_bank_asks_evaluer_source4_not_veille3_for_1_1_at_level_six() -> None:
    # 1.1 in the demo bank: @evaluerSource2/4/6, @rechercheInfo1/3/5, @veille3. At level 6: 6, then 5, then the
    # only level-4 skill, @evaluerSource4 (its tube is already used, but a lower level comes only after).
    call_command("load_demo_content", verbosity=0)
    levels = {"1.1": 6, "1.2": 3, "1.3": 3, "2.1": 3, "2.2": 3}
    candidate = ready_candidate(levels=levels)
    profile = PlacementProfile.objects.get(user=candidate.user)
    names = dict(Challenge.objects.values_list("pk", "skill__name"))
    inputs = services._competence_inputs(profile)
    for seed in range(30):
        picked = pick_challenges(competences=inputs, rng=random.Random(seed))
        competence_11 = Competence.objects.get(code="1.1").pk
        assert [names[p.challenge_id] for p in picked if p.competence_id == competence_11] == [
            "@evaluerSource6",
            "@rechercheInfo5",
            "@evaluerSource4",
        ]
    course = course_start_or_resume(candidate=candidate, user=candidate.user, now=T0, rng=random.Random(5))
    asked = course.challenges.filter(competence__code="1.1").order_by("position")
    assert [names[c] for c in asked.values_list("challenge_id", flat=True)] == [
        "@evaluerSource6",
        "@rechercheInfo5",
        "@evaluerSource4",
    ]


def test_the_draw_takes_archived_challenges_and_never_obsolete_ones() -> None:
    # In 1.1 (two tubes, levels 1–3): tube 0's level-3 challenges are archived, tube 1's obsolete.
    level3 = Skill.objects.filter(tube__competence__code="1.1", level=3).order_by("tube__name")
    archived_skill, obsolete_skill = level3
    Challenge.objects.filter(skill=archived_skill).update(status=ChallengeStatus.ARCHIVED, archived_at=T0)
    Challenge.objects.filter(skill=obsolete_skill).update(status=ChallengeStatus.OBSOLETE, archived_at=T0)

    course = start(levels={"1.1": 3, "1.2": 3, "1.3": 3, "2.1": 3, "2.2": 3})

    asked = list(course.challenges.filter(competence__code="1.1").order_by("position").select_related("challenge__skill"))
    assert [(q.challenge.skill.level, q.challenge.status) for q in asked] == [
        (3, ChallengeStatus.ARCHIVED),  # still valid for certification
        (2, ChallengeStatus.VALIDATED),
        (2, ChallengeStatus.VALIDATED),
    ]
    assert not course.challenges.filter(challenge__status=ChallengeStatus.OBSOLETE).exists()


def test_a_competence_with_no_drawable_question_puts_the_certification_in_error_for_staff() -> None:
    Challenge.objects.filter(skill__tube__competence__code="2.2").update(status=ChallengeStatus.OBSOLETE, archived_at=T0)

    course = start(levels={"1.1": 3, "1.2": 3, "1.3": 3, "2.1": 3, "2.2": 3})

    assert course.challenges.count() == 12
    assert not course.challenges.filter(competence__code="2.2").exists()
    result = course_score(course=course, now=T0)
    assert result.status == "error"
    assert "La compétence 2.2 est certifiée mais le test ne contient aucune question" in result.error

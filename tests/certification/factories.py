"""A small content bank, certifiable candidates ready to start, and hand-built courses for scoring."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from accounts.models import User
from candidates.models import Candidate
from certification.models import (
    Answer,
    AnswerStatus,
    CertificationChallenge,
    CertificationCourse,
    CoursePosition,
)
from pixcertif.lib.codes import generate_verification_code
from referential.framework import PIX_PER_LEVEL
from referential.models import Competence, PlacementProfile, Skill
from sessions_app.models import Session
from tests.accounts.factories import UserFactory
from tests.candidates.factories import CandidateFactory
from tests.referential.content_factories import ChallengeFactory, SkillFactory, TubeFactory
from tests.referential.factories import PlacementProfileFactory

FIVE = ("1.1", "1.2", "1.3", "2.1", "2.2")
T0 = dt.datetime(2024, 3, 12, 9, 0, tzinfo=dt.UTC)


def bank(
    codes: Iterable[str] = FIVE, *, tubes: int = 2, levels: Sequence[int] = (1, 2, 3), variants: int = 2
) -> dict[str, list[Skill]]:
    """Per competence code, its skills: ``tubes`` tubes with a skill at each level, ``variants`` QCU each
    (the right answer is « 1 »)."""
    skills: dict[str, list[Skill]] = {}
    for code in codes:
        competence = Competence.objects.get(code=code)
        for t in range(tubes):
            tube = TubeFactory(competence=competence, name=f"@c{code.replace('.', '')}t{t}")
            for level in levels:
                skill = SkillFactory(tube=tube, level=level)
                skills.setdefault(code, []).append(skill)
                for _v in range(variants):
                    ChallengeFactory(skill=skill)
    return skills


def user_profile(user: User, levels: Mapping[str, int] | None = None) -> PlacementProfile:
    """A profile-collection profile of the account (levels only: skills up to the level are validated)."""
    return PlacementProfileFactory(student=None, user=user, levels=dict(levels or dict.fromkeys(FIVE, 3)))


def ready_candidate(
    *,
    session: Session | None = None,
    levels: Mapping[str, int] | None = None,
    extra_time_percentage: int | None = None,
    now: dt.datetime = T0,
) -> Candidate:
    """A candidate who joined with an account holding a certifiable profile; presence confirmed at ``now``."""
    user = UserFactory()
    user_profile(user, levels)
    extra: dict[str, object] = {"session": session} if session else {}
    return CandidateFactory(
        user=user,
        joined_at=now,
        authorized_to_start_until=now + dt.timedelta(minutes=15),
        extra_time_percentage=extra_time_percentage,
        **extra,
    )


def course_by_hand(
    *,
    candidate: Candidate | None = None,
    positions: Mapping[str, tuple[int, int]],
    questions: Sequence[tuple[str, str | None, bool]],
    max_reachable_level: int = 6,
    started_at: dt.datetime = T0,
) -> CertificationCourse:
    """A course written straight to the database: ``positions`` code → (level, pix); ``questions`` in order,
    (competence code, answer status or None when unanswered, neutralised)."""
    candidate = candidate or CandidateFactory(user=UserFactory())
    course = CertificationCourse.objects.create(
        candidate=candidate,
        session=candidate.session,
        user=candidate.user,
        max_reachable_level=max_reachable_level,
        verification_code=generate_verification_code(),
        started_at=started_at,
    )
    competences = {c.code: c for c in Competence.objects.filter(code__in=positions)}
    for code, (level, pix) in positions.items():
        CoursePosition.objects.create(course=course, competence=competences[code], level=level, pix=pix)
    for position, (code, status, neutralised) in enumerate(questions, start=1):
        challenge = ChallengeFactory(skill=SkillFactory(tube=TubeFactory(competence=competences[code])))
        question = CertificationChallenge.objects.create(
            course=course,
            position=position,
            challenge=challenge,
            competence=competences[code],
            skill_level=1,
            is_neutralised=neutralised,
        )
        if status is not None:
            Answer.objects.create(
                question=question,
                course=course,
                value="1",
                status=AnswerStatus(status),
                answered_at=started_at + dt.timedelta(minutes=position),
            )
    return course


def pix(level: int) -> int:
    return level * PIX_PER_LEVEL

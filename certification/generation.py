"""Which questions a certification test asks — DOMAIN.md §5, as Pix's v2 picker draws them (pure, no database).

For each competence at level ≥ 1, up to 3 challenges from the skills the candidate validated
(docs/test-de-certification.md, issue 14):

- the highest level first: a lower level is reached only when the higher ones gave fewer than 3;
- inside one level, the skills of tubes not used yet come first, then the others; in each group the
  order is fixed, by skill name (tube diversity only breaks ties inside a level);
- one challenge per skill (a skill is certified once), a variant the candidate has not already seen
  during positioning when the skill has one; the rng chooses among the eligible variants, and that
  choice is the only random part of the draw;
- never the same challenge twice in a test.

A competence with fewer than 3 usable skills (a skill is usable when it has a challenge) gets as many
questions as it has usable skills — DOMAIN.md's table scores n = 1, 2 or 3 — and none when it has none:
the scoring then refuses the test (certification/scoring.py, ScoringError) and staff see the error.
With at least 5 competences at level ≥ 1 (certifiability, checked before) and 3 usable skills in each,
a test has 15 to 48 questions.

The order is fixed: competences in the order given, then the questions as picked (hardest first).
Same inputs and an rng with the same seed → the same test.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

CHALLENGES_PER_COMPETENCE: Final = 3


@dataclass(frozen=True)
class ChallengeOption:
    challenge_id: int
    seen: bool = False  # already answered during positioning


@dataclass(frozen=True)
class SkillOption:
    skill_id: int
    tube_id: int
    level: int
    challenges: tuple[ChallengeOption, ...]
    name: str = ""  # the order inside a level (« @rechercheInfo3 »); the id breaks ties


@dataclass(frozen=True)
class CompetenceInput:
    competence_id: int
    level: int  # positioning level; 0 → no question
    skills: tuple[SkillOption, ...] = field(default=())  # the validated ones


@dataclass(frozen=True)
class Picked:
    competence_id: int
    challenge_id: int
    skill_id: int
    skill_level: int


def _levels(skills: Sequence[SkillOption]) -> list[list[SkillOption]]:
    """The usable skills grouped by level, highest first, each level in skill-name order."""
    by_level: dict[int, list[SkillOption]] = {}
    for skill in sorted((s for s in skills if s.challenges), key=lambda s: (s.name, s.skill_id)):
        by_level.setdefault(skill.level, []).append(skill)
    return [by_level[level] for level in sorted(by_level, reverse=True)]


def _variant(skill: SkillOption, used: set[int], rng: random.Random) -> int | None:
    options = sorted(
        {c.challenge_id: c for c in skill.challenges if c.challenge_id not in used}.values(),
        key=lambda c: c.challenge_id,
    )
    unseen = [c for c in options if not c.seen]
    pool = unseen or options
    return rng.choice(pool).challenge_id if pool else None


def _pick_competence(competence: CompetenceInput, used: set[int], rng: random.Random) -> list[Picked]:
    picked: list[Picked] = []
    tubes: set[int] = set()
    for level in _levels(competence.skills):
        # Inside the level, a tube not used yet first; the order stays the skill names' within each group.
        for skill in [s for s in level if s.tube_id not in tubes] + [s for s in level if s.tube_id in tubes]:
            if len(picked) == CHALLENGES_PER_COMPETENCE:
                return picked
            challenge_id = _variant(skill, used, rng)
            if challenge_id is None:
                continue
            used.add(challenge_id)
            tubes.add(skill.tube_id)
            picked.append(Picked(competence.competence_id, challenge_id, skill.skill_id, skill.level))
    return picked


def pick_challenges(*, competences: Sequence[CompetenceInput], rng: random.Random) -> list[Picked]:
    """The questions of a test, in their fixed order (see the module docstring)."""
    used: set[int] = set()
    picked: list[Picked] = []
    for competence in competences:
        if competence.level >= 1:
            picked.extend(_pick_competence(competence, used, rng))
    return picked

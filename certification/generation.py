"""Which questions a certification test asks — DOMAIN.md §5, as a pure function (no database).

For each competence at level ≥ 1, up to 3 challenges from the skills the candidate validated:

- hardest skill first; among skills of the same level the rng decides, so two candidates with the
  same profile do not get the same test;
- tubes spread: a first pass takes at most one skill per tube, hardest first; only when that gives
  fewer than 3 does a second pass take further skills of tubes already used, hardest first;
- one challenge per skill (a skill is certified once), a variant the candidate has not already seen
  during positioning when the skill has one, chosen by the rng among the eligible variants;
- never the same challenge twice in a test.

A competence with fewer than 3 usable skills (a skill is usable when it has a challenge) gets as many
questions as it has usable skills — DOMAIN.md's table scores n = 1, 2 or 3 — and none when it has none
(scoring then keeps it as failed, n = 0, so the jury sees it). With at least 5 competences at level ≥ 1
(certifiability, checked before) and 3 usable skills in each, a test has 15 to 48 questions.

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


def _ordered_skills(skills: Sequence[SkillOption], rng: random.Random) -> list[SkillOption]:
    """Hardest first; ties in a random (seeded) order. Sorted by id first so the input order is irrelevant."""
    shuffled = sorted((s for s in skills if s.challenges), key=lambda s: s.skill_id)
    rng.shuffle(shuffled)
    return sorted(shuffled, key=lambda s: -s.level)  # stable: keeps the shuffled order within a level


def _variant(skill: SkillOption, used: set[int], rng: random.Random) -> int | None:
    options = sorted(
        {c.challenge_id: c for c in skill.challenges if c.challenge_id not in used}.values(),
        key=lambda c: c.challenge_id,
    )
    unseen = [c for c in options if not c.seen]
    pool = unseen or options
    return rng.choice(pool).challenge_id if pool else None


def _pick_competence(competence: CompetenceInput, used: set[int], rng: random.Random) -> list[Picked]:
    ordered = _ordered_skills(competence.skills, rng)
    spread = []
    tubes: set[int] = set()
    for skill in ordered:
        if skill.tube_id not in tubes:
            spread.append(skill)
            tubes.add(skill.tube_id)
    candidates = spread + [s for s in ordered if s not in spread]

    picked: list[Picked] = []
    taken_skills: set[int] = set()
    for skill in candidates:
        if len(picked) == CHALLENGES_PER_COMPETENCE:
            break
        if skill.skill_id in taken_skills:
            continue
        challenge_id = _variant(skill, used, rng)
        if challenge_id is None:
            continue
        used.add(challenge_id)
        taken_skills.add(skill.skill_id)
        picked.append(Picked(competence.competence_id, challenge_id, skill.skill_id, skill.level))
    # Hardest first within the competence, whichever pass found them.
    return sorted(picked, key=lambda p: -p.skill_level)


def pick_challenges(*, competences: Sequence[CompetenceInput], rng: random.Random) -> list[Picked]:
    """The questions of a test, in their fixed order (see the module docstring)."""
    used: set[int] = set()
    picked: list[Picked] = []
    for competence in competences:
        if competence.level >= 1:
            picked.extend(_pick_competence(competence, used, rng))
    return picked

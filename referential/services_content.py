"""Every write about the content bank: the import of a bank file, and demo profiles built from it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from referential.content_import import CHALLENGE_FLAGS, ChallengeRow, parse_content_bank
from referential.framework import PIX_PER_LEVEL
from referential.models import (
    DRAWABLE_STATUSES,
    Challenge,
    ChallengeStatus,
    Competence,
    PlacementProfile,
    ProfileChallenge,
    ProfileCompetence,
    ProfileSkill,
    ProfileSource,
    Skill,
    Tube,
)
from referential.services import ReferentialError

CHALLENGE_FIELDS = ("skill", "type", "instruction", "proposals", "solution", "timer_seconds", *CHALLENGE_FLAGS)


class ContentBankError(ReferentialError):
    """A refused bank file; ``errors`` lists every problem, each naming its item."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__(" ".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class ContentImportResult:
    tubes: int
    skills: int
    challenges: int
    created: int
    updated: int
    obsoleted: int  # absent from the file: made obsolete


def _challenge_values(row: ChallengeRow, skill: Skill) -> dict[str, Any]:
    return {
        "skill": skill,
        "type": row.type,
        "instruction": row.instruction,
        "proposals": row.proposals,
        "solution": row.solution,
        "timer_seconds": row.timer_seconds,
        "status": row.status,
        **{flag: getattr(row, flag) for flag in CHALLENGE_FLAGS},
    }


def content_bank_import(*, data: object, now: dt.datetime | None = None) -> ContentImportResult:
    """Upsert the bank of ``data`` (the parsed JSON): tubes and skills by name, challenges by id.

    All or nothing. Each challenge takes the status the file gives it (validated by default; archived
    ones are still drawn by certification, obsolete ones never). The file is the whole bank: a challenge
    absent from it becomes obsolete, never deleted (certification tests keep pointing at it); one back in
    the file takes its status from it again. Re-importing the same file writes nothing.
    """
    now = now or timezone.now()
    competences = {c.code: c for c in Competence.objects.all()}
    rows, errors = parse_content_bank(data, set(competences))
    if errors:
        raise ContentBankError(errors)
    created = updated = 0
    try:
        with transaction.atomic():
            tubes = {t.name: t for t in Tube.objects.select_for_update()}
            new_tubes, changed_tubes = [], []
            for row in rows:
                tube = tubes.get(row.name)
                if tube is None:
                    tubes[row.name] = tube = Tube(name=row.name, competence=competences[row.competence])
                    new_tubes.append(tube)
                elif tube.competence_id != competences[row.competence].pk:
                    tube.competence = competences[row.competence]
                    changed_tubes.append(tube)
            Tube.objects.bulk_create(new_tubes)
            Tube.objects.bulk_update(changed_tubes, ["competence"])

            skills = {s.name: s for s in Skill.objects.all()}
            new_skills, changed_skills = [], []
            for row in rows:
                for skill_row in row.skills:
                    skill = skills.get(skill_row.name)
                    tube = tubes[row.name]
                    if skill is None:
                        skills[skill_row.name] = skill = Skill(name=skill_row.name, tube=tube, level=skill_row.level)
                        new_skills.append(skill)
                    elif (skill.tube_id, skill.level) != (tube.pk, skill_row.level):
                        skill.tube, skill.level = tube, skill_row.level
                        changed_skills.append(skill)
            Skill.objects.bulk_update(changed_skills, ["tube", "level"])
            Skill.objects.bulk_create(new_skills)

            existing = {c.external_id: c for c in Challenge.objects.all()}
            new_challenges, changed_challenges = [], []
            for row in rows:
                for skill_row in row.skills:
                    for challenge_row in skill_row.challenges:
                        values = _challenge_values(challenge_row, skills[skill_row.name])
                        challenge = existing.get(challenge_row.external_id)
                        if challenge is None:
                            retired_at = None if values["status"] == ChallengeStatus.VALIDATED else now
                            new_challenges.append(
                                Challenge(external_id=challenge_row.external_id, archived_at=retired_at, **values)
                            )
                            continue
                        if any(getattr(challenge, k) != v for k, v in values.items()):
                            if challenge.status != values["status"]:
                                retired = values["status"] != ChallengeStatus.VALIDATED
                                challenge.archived_at = now if retired else None
                            for key, value in values.items():
                                setattr(challenge, key, value)
                            changed_challenges.append(challenge)
            Challenge.objects.bulk_create(new_challenges, batch_size=500)
            Challenge.objects.bulk_update(
                changed_challenges, [*CHALLENGE_FIELDS, "status", "archived_at"], batch_size=500
            )
            created, updated = len(new_challenges), len(changed_challenges)
            in_file = {c.external_id for r in rows for s in r.skills for c in s.challenges}
            obsoleted = (
                Challenge.objects.exclude(status=ChallengeStatus.OBSOLETE)
                .exclude(external_id__in=in_file)
                .update(status=ChallengeStatus.OBSOLETE, archived_at=now)
            )
    except IntegrityError as exc:
        # A skill renamed onto the (tube, level) of another one still in the database.
        raise ContentBankError([_("Le fichier contredit la banque existante : %(error)s") % {"error": exc}]) from exc
    return ContentImportResult(
        tubes=len(rows),
        skills=sum(len(r.skills) for r in rows),
        challenges=len(in_file),
        created=created,
        updated=updated,
        obsoleted=obsoleted,
    )


def demo_profile_create(*, user: User, levels: dict[str, int], now: dt.datetime | None = None) -> PlacementProfile:
    """A positioning-like demo profile: the levels, each skill of the bank up to them validated, the
    next one failed, and the first variant of each assessed skill recorded as already answered."""
    now = now or timezone.now()
    competences = {c.code: c for c in Competence.objects.all()}
    skills = list(Skill.objects.filter(tube__competence__code__in=levels).select_related("tube__competence"))
    with transaction.atomic():
        profile = PlacementProfile.objects.create(user=user, assessed_at=now, source=ProfileSource.DEMO)
        ProfileCompetence.objects.bulk_create(
            ProfileCompetence(profile=profile, competence=competences[code], level=level, pix=level * PIX_PER_LEVEL + 2)
            for code, level in sorted(levels.items())
        )
        assessed = [s for s in skills if s.level <= levels[s.tube.competence.code] + 1]
        ProfileSkill.objects.bulk_create(
            ProfileSkill(profile=profile, skill=s, validated=s.level <= levels[s.tube.competence.code])
            for s in assessed
        )
        first_variants: dict[int, int] = {}
        for skill_id, challenge_id in (
            Challenge.objects.filter(skill__in=assessed, status__in=DRAWABLE_STATUSES)
            .order_by("skill_id", "external_id")
            .values_list("skill_id", "pk")
        ):
            first_variants.setdefault(skill_id, challenge_id)
        ProfileChallenge.objects.bulk_create(
            ProfileChallenge(profile=profile, challenge_id=pk) for pk in first_variants.values()
        )
    return profile

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from referential.models import Competence, ProfileChallenge, ProfileSkill
from referential.selectors import answered_challenge_ids, validated_skills
from tests.referential.content_factories import ChallengeFactory, SkillFactory, TubeFactory
from tests.referential.factories import PlacementProfileFactory

pytestmark = pytest.mark.django_db


def bank(tubes: int = 2, levels: int = 6, prefix: str = "@c") -> dict[str, list]:
    """Two competences, each ``tubes`` tubes of skills at levels 1 to ``levels``."""
    skills: dict[str, list] = {}
    for code in ("1.1", "2.1"):
        competence = Competence.objects.get(code=code)
        for t in range(tubes):
            tube = TubeFactory(competence=competence, name=f"{prefix}{code.replace('.', '')}t{t}_")
            skills.setdefault(code, []).extend(SkillFactory(tube=tube, level=level) for level in range(1, levels + 1))
    return skills


def names(skills: list) -> list[str]:
    return [s.name for s in skills]


def test_a_profile_of_levels_validates_the_skills_up_to_each_competence_level() -> None:
    bank()
    profile = PlacementProfileFactory(levels={"1.1": 2, "2.1": 1})
    found = validated_skills(profile)
    assert sorted((s.tube.competence.code, s.level) for s in found) == sorted(
        [("1.1", 1), ("1.1", 1), ("1.1", 2), ("1.1", 2), ("2.1", 1), ("2.1", 1)]
    )
    assert [s.level for s in found if s.tube.competence.code == "1.1"] == [2, 2, 1, 1]  # hardest first


def test_a_profile_of_level_zero_validates_nothing() -> None:
    bank()
    assert validated_skills(PlacementProfileFactory(levels={"1.1": 0})) == []


def test_a_positioning_profile_gives_its_validated_skills_only() -> None:
    skills = bank()
    profile = PlacementProfileFactory(levels={"1.1": 5, "2.1": 5})
    ProfileSkill.objects.create(profile=profile, skill=skills["1.1"][0], validated=True)
    ProfileSkill.objects.create(profile=profile, skill=skills["1.1"][1], validated=False)
    ProfileSkill.objects.create(profile=profile, skill=skills["2.1"][3], validated=True)
    assert sorted(names(validated_skills(profile))) == sorted([skills["1.1"][0].name, skills["2.1"][3].name])


def test_it_lists_the_challenges_answered_during_positioning() -> None:
    profile = PlacementProfileFactory()
    seen = ChallengeFactory()
    ChallengeFactory(skill=seen.skill)
    ProfileChallenge.objects.create(profile=profile, challenge=seen)
    assert answered_challenge_ids(profile) == {seen.pk}


@pytest.mark.parametrize("positioning", [False, True])
def test_it_reads_the_validated_skills_in_one_query_whatever_their_number(positioning: bool) -> None:
    def queries_for(tubes: int) -> tuple[int, int]:
        skills = bank(tubes=tubes, prefix=f"@bank{tubes}_")
        profile = PlacementProfileFactory(levels={"1.1": 6, "2.1": 4})
        if positioning:
            ProfileSkill.objects.bulk_create(
                ProfileSkill(profile=profile, skill=s, validated=True) for group in skills.values() for s in group
            )
        with CaptureQueriesContext(connection) as context:
            found = validated_skills(profile)
            [s.tube.competence.code for s in found]
        return len(context.captured_queries), len(found)

    assert queries_for(1) == (1, 12 if positioning else 10)
    # Level-only profiles also validate the first bank's skills: 4 tubes a competence by then.
    assert queries_for(3) == (1, 36 if positioning else 40)

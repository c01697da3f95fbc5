"""Test generation (DOMAIN.md §5), pure: no database."""

from __future__ import annotations

import random
from itertools import count

from hypothesis import given
from hypothesis import strategies as st

from certification.generation import ChallengeOption, CompetenceInput, Picked, SkillOption, pick_challenges

_ids = count(1)


def skill(tube: int, level: int, *, variants: int = 2, seen: int = 0, name: str = "") -> SkillOption:
    """A skill with ``variants`` challenges, the first ``seen`` of them already answered at positioning;
    named « @t<tube><level> » unless told."""
    skill_id = next(_ids)
    challenges = tuple(ChallengeOption(skill_id * 100 + v, seen=v < seen) for v in range(variants))
    return SkillOption(skill_id, tube, level, challenges, name or f"@t{tube}{level}")


def competence(competence_id: int, level: int = 3, *, tubes: int = 2, levels: range = range(1, 4)) -> CompetenceInput:
    skills = tuple(skill(competence_id * 10 + t, lv) for t in range(tubes) for lv in levels)
    return CompetenceInput(competence_id, level, skills)


def by_competence(picked: list[Picked]) -> dict[int, list[Picked]]:
    grouped: dict[int, list[Picked]] = {}
    for p in picked:
        grouped.setdefault(p.competence_id, []).append(p)
    return grouped


def tube_of(competences: list[CompetenceInput]) -> dict[int, int]:
    return {s.skill_id: s.tube_id for c in competences for s in c.skills}


def test_it_takes_three_challenges_per_competence_at_level_one_or_more() -> None:
    competences = [competence(i) for i in range(1, 6)] + [competence(6, level=0)]
    picked = pick_challenges(competences=competences, rng=random.Random(0))
    assert len(picked) == 15
    assert sorted(by_competence(picked)) == [1, 2, 3, 4, 5]


def test_it_asks_between_fifteen_and_forty_eight_questions() -> None:
    five = pick_challenges(competences=[competence(i) for i in range(1, 6)], rng=random.Random(0))
    sixteen = pick_challenges(competences=[competence(i, tubes=3) for i in range(1, 17)], rng=random.Random(0))
    assert len(five) == 15
    assert len(sixteen) == 48


def test_it_takes_the_hardest_validated_skills_first() -> None:
    # One tube, levels 1–5: the three hardest are 5, 4, 3.
    single_tube = CompetenceInput(1, 5, tuple(skill(10, lv) for lv in range(1, 6)))
    picked = pick_challenges(competences=[single_tube], rng=random.Random(3))
    assert [p.skill_level for p in picked] == [5, 4, 3]


def test_a_second_skill_of_a_tube_at_a_higher_level_beats_a_new_tube_at_a_lower_level() -> None:
    # Tube 10 has levels 4 and 3, tubes 20 and 30 only level 2. Pix takes 4, 3 (tube 10 again), then one
    # level-2 skill: tube diversity only breaks ties inside a level.
    c = CompetenceInput(1, 4, (skill(10, 4), skill(10, 3), skill(20, 2), skill(30, 2)))
    for seed in range(20):
        picked = pick_challenges(competences=[c], rng=random.Random(seed))
        assert [(tube_of([c])[p.skill_id], p.skill_level) for p in picked] == [(10, 4), (10, 3), (20, 2)]


def test_inside_a_level_it_prefers_the_tubes_not_used_yet() -> None:
    # Level 4: tube 10. Level 3: tubes 10, 20, 30; the unused 20 and 30 come before 10 although « @t103 »
    # is the first name.
    c = CompetenceInput(1, 4, (skill(10, 4), skill(10, 3), skill(20, 3), skill(30, 3)))
    picked = pick_challenges(competences=[c], rng=random.Random(0))
    assert [(tube_of([c])[p.skill_id], p.skill_level) for p in picked] == [(10, 4), (20, 3), (30, 3)]


def test_it_reaches_a_lower_level_only_when_the_higher_ones_gave_fewer_than_three() -> None:
    c = CompetenceInput(1, 5, (skill(10, 5), skill(20, 5), skill(30, 5), skill(40, 4), skill(50, 1)))
    assert [p.skill_level for p in pick_challenges(competences=[c], rng=random.Random(0))] == [5, 5, 5]
    c = CompetenceInput(1, 5, (skill(10, 5), skill(40, 4), skill(50, 1), skill(60, 1)))
    assert [p.skill_level for p in pick_challenges(competences=[c], rng=random.Random(0))] == [5, 4, 1]


def test_the_order_inside_a_level_is_the_skill_names_never_the_rng() -> None:
    # Four new tubes at one level: the three first names, whatever the seed and the input order.
    skills = (
        skill(40, 3, name="@veille3"),
        skill(10, 3, name="@rechercheInfo3"),
        skill(30, 3, name="@evaluerSource3"),
        skill(20, 3, name="@extension3"),
    )
    names = {s.skill_id: s.name for s in skills}
    for seed in range(30):
        for order in (skills, tuple(reversed(skills))):
            picked = pick_challenges(competences=[CompetenceInput(1, 3, order)], rng=random.Random(seed))
            assert [names[p.skill_id] for p in picked] == ["@evaluerSource3", "@extension3", "@rechercheInfo3"]


def test_the_rng_chooses_only_the_variant() -> None:
    c = CompetenceInput(1, 3, tuple(skill(10 * t, lv, variants=3) for t in (1, 2) for lv in (1, 2, 3)))
    draws = [pick_challenges(competences=[c], rng=random.Random(seed)) for seed in range(30)]
    assert len({tuple(p.skill_id for p in d) for d in draws}) == 1  # the same skills every time
    assert len({tuple(p.challenge_id for p in d) for d in draws}) > 1  # not the same variants


def test_it_reuses_a_tube_only_when_there_are_fewer_than_three_tubes() -> None:
    c = CompetenceInput(1, 4, (skill(10, 4), skill(10, 3), skill(10, 1), skill(20, 2)))
    picked = pick_challenges(competences=[c], rng=random.Random(0))
    # Level 4 (tube 10), level 3 (tube 10 again: the only skill of that level), level 2 (tube 20).
    assert [p.skill_level for p in picked] == [4, 3, 2]


def test_it_prefers_a_variant_not_seen_during_positioning() -> None:
    for seed in range(30):
        c = CompetenceInput(1, 3, tuple(skill(10 + lv, lv, variants=3, seen=2) for lv in (1, 2, 3)))
        picked = pick_challenges(competences=[c], rng=random.Random(seed))
        seen = {ch.challenge_id for s in c.skills for ch in s.challenges if ch.seen}
        assert not {p.challenge_id for p in picked} & seen


def test_it_takes_a_seen_variant_when_the_skill_has_no_other() -> None:
    c = CompetenceInput(1, 3, tuple(skill(10 + lv, lv, variants=1, seen=1) for lv in (1, 2, 3)))
    picked = pick_challenges(competences=[c], rng=random.Random(0))
    assert len(picked) == 3


def test_it_never_asks_the_same_challenge_twice() -> None:
    shared = ChallengeOption(999)
    # Two competences whose skills point at the same challenge (a malformed bank): asked once only.
    a = CompetenceInput(1, 1, (SkillOption(1, 10, 1, (shared,)),))
    b = CompetenceInput(2, 1, (SkillOption(2, 20, 1, (shared,)),))
    picked = pick_challenges(competences=[a, b], rng=random.Random(0))
    assert [p.challenge_id for p in picked] == [999]


def test_a_competence_with_fewer_than_three_usable_skills_gets_what_exists() -> None:
    two = CompetenceInput(1, 2, (skill(10, 2), skill(20, 1), SkillOption(77, 30, 3, ())))
    none = CompetenceInput(2, 2, (SkillOption(78, 40, 2, ()),))
    picked = pick_challenges(competences=[two, none], rng=random.Random(0))
    assert [(p.competence_id, p.skill_level) for p in picked] == [(1, 2), (1, 1)]


def test_the_order_follows_the_competences_given() -> None:
    competences = [competence(i) for i in (3, 1, 2, 5, 4)]
    picked = pick_challenges(competences=competences, rng=random.Random(0))
    assert list(dict.fromkeys(p.competence_id for p in picked)) == [3, 1, 2, 5, 4]


def test_it_is_deterministic_with_a_seed_and_varies_without() -> None:
    competences = [competence(i, tubes=3, levels=range(1, 7)) for i in range(1, 8)]
    first = pick_challenges(competences=competences, rng=random.Random(42))
    # The same skills listed in another order: the same test.
    reordered = [CompetenceInput(c.competence_id, c.level, tuple(reversed(c.skills))) for c in competences]
    again = pick_challenges(competences=reordered, rng=random.Random(42))
    assert first == again
    others = {tuple(pick_challenges(competences=competences, rng=random.Random(seed))) for seed in range(10)}
    assert len(others) > 1


@st.composite
def competences_strategy(draw: st.DrawFn) -> list[CompetenceInput]:
    result = []
    for competence_id in range(1, draw(st.integers(5, 16)) + 1):
        skills = []
        for s in range(draw(st.integers(3, 8))):
            skill_id = competence_id * 100 + s
            challenges = tuple(
                ChallengeOption(skill_id * 10 + v, seen=draw(st.booleans())) for v in range(draw(st.integers(1, 3)))
            )
            skills.append(
                SkillOption(
                    skill_id,
                    competence_id * 10 + draw(st.integers(0, 3)),
                    draw(st.integers(1, 6)),
                    challenges,
                    draw(st.sampled_from(["@a", "@b", "@c", "@d"])) + str(s),
                )
            )
        result.append(CompetenceInput(competence_id, draw(st.integers(1, 6)), tuple(skills)))
    return result


@given(competences=competences_strategy(), seed=st.integers(0, 2**32))
def test_properties_hold_for_any_bank(competences: list[CompetenceInput], seed: int) -> None:
    picked = pick_challenges(competences=competences, rng=random.Random(seed))
    assert 15 <= len(picked) <= 48
    assert len({p.challenge_id for p in picked}) == len(picked)
    tubes = tube_of(competences)
    for c in competences:
        mine = [p for p in picked if p.competence_id == c.competence_id]
        assert len(mine) == 3
        # Hardest first; a lower level only once every skill of the higher ones is taken.
        assert [p.skill_level for p in mine] == sorted((p.skill_level for p in mine), reverse=True)
        best = max(s.level for s in c.skills)
        assert mine[0].skill_level == best
        taken = {p.skill_id for p in mine}
        for p in mine:
            assert all(s.skill_id in taken for s in c.skills if s.level > p.skill_level)
        # Inside the last level reached: an unused tube first, then the skill names.
        low = mine[-1].skill_level
        used_above = {tubes[p.skill_id] for p in mine if p.skill_level > low}
        level_skills = sorted(
            (s for s in c.skills if s.level == low), key=lambda s, up=used_above: (s.tube_id in up, s.name, s.skill_id)
        )
        chosen = [s.skill_id for s in level_skills if s.skill_id in taken]
        assert chosen == [s.skill_id for s in level_skills][: len(chosen)]
        # An unseen variant whenever the skill has one.
        for p in mine:
            options = next(s for s in c.skills if s.skill_id == p.skill_id).challenges
            if any(not o.seen for o in options):
                assert not next(o for o in options if o.challenge_id == p.challenge_id).seen


def test_a_competence_at_level_zero_gets_no_question() -> None:
    picked = pick_challenges(competences=[competence(1, level=0)], rng=random.Random(0))
    assert picked == []

from __future__ import annotations

import io
from collections import defaultdict

import pytest
from django.core.management import call_command
from django.db.models import Count, Q

from referential.models import (
    Challenge,
    ChallengeStatus,
    ChallengeType,
    Competence,
    PlacementProfile,
    ProfileSource,
    Skill,
    Tube,
)
from referential.selectors import answered_challenge_ids, validated_skills
from referential.services_content import demo_profile_create
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_bank() -> None:
    call_command("load_demo_content", stdout=io.StringIO())


def test_it_covers_the_sixteen_competences_at_levels_one_to_six(demo_bank: None) -> None:
    levels: dict[str, set[int]] = defaultdict(set)
    for code, level in Skill.objects.values_list("tube__competence__code", "level"):
        levels[code].add(level)
    assert set(levels) == set(Competence.objects.values_list("code", flat=True))
    assert len(levels) == 16
    assert all(found >= {1, 2, 3, 4, 5, 6} for found in levels.values()), levels


def test_it_gives_each_competence_two_tubes_and_each_skill_two_variants(demo_bank: None) -> None:
    tubes = Competence.objects.annotate(n=Count("tubes")).values_list("code", "n")
    assert all(n >= 2 for _code, n in tubes), list(tubes)
    variants = Skill.objects.annotate(n=Count("challenges", filter=Q(challenges__status=ChallengeStatus.VALIDATED)))
    assert all(skill.n >= 2 for skill in variants), [s.name for s in variants if s.n < 2]
    assert Challenge.objects.count() >= 300


def test_it_gives_every_choice_question_a_solution_among_its_proposals(demo_bank: None) -> None:
    for challenge in Challenge.objects.all():
        if challenge.type == ChallengeType.QCU:
            assert 0 <= challenge.solution < len(challenge.proposals), challenge.external_id
        elif challenge.type == ChallengeType.QCM:
            assert challenge.solution and all(0 <= i < len(challenge.proposals) for i in challenge.solution)
        else:
            assert challenge.proposals == [] and challenge.solution, challenge.external_id
        assert challenge.instruction.strip()


def test_it_mixes_types_timed_focus_and_media_challenges(demo_bank: None) -> None:
    total = Challenge.objects.count()
    # Every type the test page shows differently (a QROCM-dep is shown and checked like a QROC).
    assert set(Challenge.objects.values_list("type", flat=True)) == {"QCU", "QCM", "QROC"}
    timed = Challenge.objects.filter(timer_seconds__isnull=False).count()
    focus = Challenge.objects.filter(is_focus=True).count()
    assert 0.05 * total <= timed <= 0.15 * total
    assert 0.02 * total <= focus <= 0.1 * total
    assert Challenge.objects.filter(has_image=True).exists()
    assert Challenge.objects.filter(has_embed=True).exists()
    assert Challenge.objects.filter(has_attachment=True).exists()


def test_it_does_not_always_put_the_right_answer_first(demo_bank: None) -> None:
    positions = set(Challenge.objects.filter(type=ChallengeType.QCU).values_list("solution", flat=True))
    assert positions == {0, 1, 2, 3}


def test_loading_it_twice_changes_nothing(demo_bank: None) -> None:
    before = list(Challenge.objects.order_by("pk").values())
    out = io.StringIO()
    call_command("load_demo_content", stdout=out)
    assert "0 ajoutées, 0 modifiées, 0 périmées" in out.getvalue()
    assert list(Challenge.objects.order_by("pk").values()) == before
    assert Tube.objects.count() >= 32


def test_a_demo_profile_validates_the_bank_up_to_its_levels_and_records_seen_variants(demo_bank: None) -> None:
    profile = demo_profile_create(user=UserFactory(), levels={"1.1": 3, "1.2": 4, "2.1": 5, "3.4": 3, "5.2": 4})
    assert profile.is_certifiable()
    skills = validated_skills(profile)
    assert {s.tube.competence.code for s in skills} == {"1.1", "1.2", "2.1", "3.4", "5.2"}
    assert max(s.level for s in skills if s.tube.competence.code == "2.1") == 5
    assert profile.skills.filter(validated=False).exists()  # the next level was failed
    assert len(answered_challenge_ids(profile)) == profile.skills.count()


def test_seed_demo_gives_candidate_accounts_a_certifiable_profile_once(settings: object, tmp_path: object) -> None:
    settings.VAR_DIR = tmp_path  # type: ignore[attr-defined]
    for _run in range(2):
        out = io.StringIO()
        call_command("seed_demo", stdout=out)
    assert "candidat1@pixcertif.demo" in out.getvalue()
    for n in (1, 2, 3):
        profiles = PlacementProfile.objects.filter(user__email=f"candidat{n}@pixcertif.demo")
        assert profiles.count() == 1
        profile = profiles.get()
        assert profile.is_certifiable() and profile.source == ProfileSource.DEMO
        assert len({s.tube.competence_id for s in validated_skills(profile)}) >= 8
        assert profile.answered_challenges.exists()

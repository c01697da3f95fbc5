from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.test import Client

from referential.models import ChallengeStatus, ProfileChallenge, ProfileSkill
from tests.accounts.factories import UserFactory
from tests.referential.content_factories import ChallengeFactory, SkillFactory, TubeFactory
from tests.referential.factories import PlacementProfileFactory

pytestmark = pytest.mark.django_db


def test_it_keeps_one_skill_a_level_in_a_tube() -> None:
    tube = TubeFactory(name="@rechercheInfo")
    SkillFactory(tube=tube, level=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        SkillFactory(tube=tube, level=3, name="@autreNom3")


@pytest.mark.parametrize("level", [0, 9])
def test_it_refuses_a_skill_level_outside_one_to_eight(level: int) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        SkillFactory(level=level)


@pytest.mark.parametrize(
    "fields",
    [{"type": "QCX"}, {"status": "brouillon"}, {"timer_seconds": 0}, {"archived_at": "2021-01-01T00:00:00Z"}],
)
def test_it_refuses_an_invalid_challenge(fields: dict[str, object]) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        ChallengeFactory(**fields)


def test_it_counts_several_challenges_of_a_skill_as_its_variants() -> None:
    skill = SkillFactory()
    ChallengeFactory.create_batch(2, skill=skill)
    ChallengeFactory(skill=skill, status=ChallengeStatus.ARCHIVED, archived_at="2021-01-01T00:00:00Z")
    assert skill.challenges.filter(status=ChallengeStatus.VALIDATED).count() == 2
    assert ChallengeFactory(timer_seconds=60).is_timed


def test_it_records_a_skill_and_a_challenge_once_a_profile() -> None:
    profile = PlacementProfileFactory()
    challenge = ChallengeFactory()
    ProfileSkill.objects.create(profile=profile, skill=challenge.skill, validated=True)
    ProfileChallenge.objects.create(profile=profile, challenge=challenge)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProfileSkill.objects.create(profile=profile, skill=challenge.skill, validated=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProfileChallenge.objects.create(profile=profile, challenge=challenge)
    assert list(profile.skills.values_list("validated", flat=True)) == [True]
    assert profile.answered_challenges.get().challenge == challenge


def test_staff_browse_and_filter_the_bank_in_the_admin(client: Client) -> None:
    challenge = ChallengeFactory(timer_seconds=60)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    for url in (
        "/admin/referential/tube/",
        "/admin/referential/skill/",
        "/admin/referential/challenge/?timed=yes&type=QCU&q=tableur",
        f"/admin/referential/challenge/{challenge.pk}/change/",
        f"/admin/referential/placementprofile/{PlacementProfileFactory().pk}/change/",
    ):
        assert client.get(url).status_code == 200, url

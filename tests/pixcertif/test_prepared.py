"""pixcertif.lib.prepared: the SQL compiled once gives the rows of the queryset, for any value."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pixcertif.lib.prepared import SENTINEL, PreparedRows
from referential.models import Challenge, ChallengeStatus
from referential.selectors import skills_with_challenges_rows, validated_skills_with_challenges
from tests.referential.content_factories import ChallengeFactory
from tests.referential.factories import PlacementProfileFactory
from tests.referential.test_validated_skills import bank

pytestmark = pytest.mark.django_db


def test_the_prepared_rows_are_the_querysets_rows_for_every_profile() -> None:
    for skills in bank().values():
        for skill in skills:
            ChallengeFactory.create_batch(2, skill=skill, status=ChallengeStatus.VALIDATED)
    profiles = [
        PlacementProfileFactory(levels={"1.1": 2, "2.1": 1}),
        PlacementProfileFactory(levels={"1.1": 5, "2.1": 3}),
        PlacementProfileFactory(levels={"1.1": 0, "2.1": 0}),
    ]
    prepared = PreparedRows(skills_with_challenges_rows)
    for profile in profiles:
        assert prepared.rows(profile.pk) == list(skills_with_challenges_rows(profile.pk))
    assert prepared.rows(profiles[1].pk) != prepared.rows(profiles[0].pk)


def test_it_compiles_once_and_runs_one_query() -> None:
    bank()
    profile = PlacementProfileFactory(levels={"1.1": 3, "2.1": 2})
    calls: list[int] = []

    def build(value: int):  # type: ignore[no-untyped-def]
        calls.append(value)
        return skills_with_challenges_rows(value)

    prepared = PreparedRows(build)
    prepared.rows(profile.pk)
    with CaptureQueriesContext(connection) as queries:
        prepared.rows(profile.pk)
    assert calls == [SENTINEL]
    assert len(queries.captured_queries) == 1
    assert validated_skills_with_challenges(profile) is not None


def test_a_queryset_that_ignores_its_value_is_refused() -> None:
    prepared = PreparedRows(lambda value: Challenge.objects.values_list("pk"))
    with pytest.raises(ValueError):
        prepared.rows(1)

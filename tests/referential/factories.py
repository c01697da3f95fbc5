from __future__ import annotations

import datetime as dt
from typing import Any

import factory

from referential.framework import PIX_PER_LEVEL
from referential.models import Competence, PlacementProfile, ProfileCompetence, ProfileSource
from tests.centres.factories import StudentFactory


class PlacementProfileFactory(factory.django.DjangoModelFactory):
    """A student's profile; ``levels`` (code → level, or a list in framework order) adds its competences.

    ``PlacementProfileFactory(certifiable=True)`` gives level 2 in the first 5 competences.
    """

    class Meta:
        model = PlacementProfile
        skip_postgeneration_save = True

    student = factory.SubFactory(StudentFactory)
    user = None
    assessed_at = factory.Sequence(lambda n: dt.datetime(2021, 1, 4, 9, 0, tzinfo=dt.UTC) + dt.timedelta(minutes=n))
    source = ProfileSource.PROFILE_COLLECTION

    class Params:
        certifiable = factory.Trait(levels=[2, 2, 2, 2, 2])

    @factory.post_generation
    def levels(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if not create or extracted is None:
            return
        competences = list(Competence.objects.order_by("code"))
        if isinstance(extracted, dict):
            pairs = [(c, extracted.get(c.code, 0)) for c in competences]
        else:
            pairs = [(c, extracted[i] if i < len(extracted) else 0) for i, c in enumerate(competences)]
        ProfileCompetence.objects.bulk_create(
            ProfileCompetence(profile=self, competence=c, level=level, pix=level * PIX_PER_LEVEL) for c, level in pairs
        )

"""Factories for the content bank: tubes, skills and challenges (a QCU by default)."""

from __future__ import annotations

import factory

from referential.models import Challenge, ChallengeType, Competence, Skill, Tube


class TubeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tube

    competence = factory.LazyFunction(lambda: Competence.objects.get(code="1.1"))
    name = factory.Sequence(lambda n: f"@sujet{n}")


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill

    tube = factory.SubFactory(TubeFactory)
    level = 1
    name = factory.LazyAttribute(lambda o: f"{o.tube.name}{o.level}")


class ChallengeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Challenge

    external_id = factory.Sequence(lambda n: f"recTest{n:06d}")
    skill = factory.SubFactory(SkillFactory)
    type = ChallengeType.QCU
    instruction = "Quelle extension correspond à un fichier de tableur ?"
    proposals = factory.LazyFunction(lambda: [".mp3", ".ods", ".jpg"])
    solution = 1

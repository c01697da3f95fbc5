"""Reused reads about placement profiles and certifiability."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery

from accounts.models import User
from centres.models import Student
from pixcertif.lib.prepared import PreparedRows
from referential.models import (
    DRAWABLE_STATUSES,
    Challenge,
    PlacementProfile,
    ProfileChallenge,
    ProfileCompetence,
    ProfileSkill,
    Skill,
)
from referential.rules import MIN_CERTIFIABLE_COMPETENCES


def _with_competences(profiles: QuerySet[PlacementProfile]) -> QuerySet[PlacementProfile]:
    return profiles.prefetch_related(
        Prefetch("competences", queryset=ProfileCompetence.objects.select_related("competence"))
    )


def latest_profile_for_student(student: Student) -> PlacementProfile | None:
    """The student's profile with the latest ``assessed_at``, its competences prefetched."""
    return _with_competences(PlacementProfile.objects.filter(student=student)).order_by("-assessed_at", "-pk").first()


def latest_profile_for_user(user: User) -> PlacementProfile | None:
    """The candidate account's profile with the latest ``assessed_at``, its competences prefetched."""
    return _with_competences(PlacementProfile.objects.filter(user=user)).order_by("-assessed_at", "-pk").first()


def certifiability_by_student(student_ids: Iterable[int]) -> dict[int, bool]:
    """Whether each student's latest profile is certifiable, in one query whatever their number.

    A student without any profile is left out of the answer (« unknown », not « not certifiable »).
    The count in SQL is rules.is_certifiable: competences at level ≥ 1, at least the minimum.
    """
    ids = list(student_ids)
    if not ids:
        return {}
    latest = PlacementProfile.objects.filter(student_id=OuterRef("pk")).order_by("-assessed_at", "-pk").values("pk")[:1]
    acquired = (
        ProfileCompetence.objects.filter(profile_id=OuterRef("latest_profile"), level__gte=1)
        .order_by()
        .values("profile_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = (
        Student.objects.filter(pk__in=ids)
        .annotate(latest_profile=Subquery(latest))
        .filter(latest_profile__isnull=False)
        .annotate(acquired=Subquery(acquired, output_field=IntegerField()))
        .values_list("pk", "acquired")
    )
    return {pk: (acquired or 0) >= MIN_CERTIFIABLE_COMPETENCES for pk, acquired in rows}


def _validated_skills(profile_id: int) -> QuerySet[Skill]:
    records_skills = ProfileSkill.objects.filter(profile_id=profile_id)
    level_in_competence = (
        ProfileCompetence.objects.filter(profile_id=profile_id, competence_id=OuterRef("tube__competence_id"))
        .order_by()  # one row per (profile, competence): the default ordering would join the competences
        .values("level")[:1]
    )
    return (
        Skill.objects.annotate(profile_level=Subquery(level_in_competence, output_field=IntegerField()))
        .filter(
            Q(Exists(records_skills.filter(skill=OuterRef("pk"), validated=True)))
            | (~Q(Exists(records_skills)) & Q(level__lte=F("profile_level")))
        )
        .order_by("tube__competence__code", "-level", "name")
    )


def validated_skills(profile: PlacementProfile) -> list[Skill]:
    """The skills the profile validated, hardest first in each competence, in one query.

    A profile that records skills (positioning) gives its validated ones; a profile holding only levels
    (profile-collection import) validates every skill of a competence up to that competence's level
    (DOMAIN.md §5).
    """
    return list(_validated_skills(profile.pk).select_related("tube__competence"))


@dataclass(frozen=True)
class ValidatedSkill:
    pk: int
    tube_id: int
    level: int
    competence_id: int
    name: str = ""


def skills_with_challenges_rows(profile_id: int) -> QuerySet[Challenge, tuple[int, int, int, int, int, str]]:
    """The drawable challenges (validated or archived, Pix's operative ones) of the skills the profile validated:
    (challenge, skill, tube, level, competence, skill name), skills in ``validated_skills``' order."""
    return (
        Challenge.objects.filter(status__in=DRAWABLE_STATUSES, skill__in=_validated_skills(profile_id).values("pk"))
        .order_by("skill__tube__competence__code", "-skill__level", "skill__name", "skill_id", "pk")
        .values_list("pk", "skill_id", "skill__tube_id", "skill__level", "skill__tube__competence_id", "skill__name")
    )


# Compiled once per process: read by every candidate's join at 9:00 (pixcertif/lib/prepared.py).
_SKILLS_WITH_CHALLENGES = PreparedRows(skills_with_challenges_rows)


def validated_skills_with_challenges(profile: PlacementProfile) -> list[tuple[ValidatedSkill, tuple[int, ...]]]:
    """``validated_skills`` (same order) as plain rows, each with its validated challenges' ids, in one query.

    What a test's draw reads when the candidate joins: no model instance per skill, and the query's SQL built
    once per process (docs/performance.md). A validated skill without a drawable challenge is absent: nothing
    can be asked of it.
    """
    out: list[tuple[ValidatedSkill, list[int]]] = []
    for challenge_id, skill_id, tube_id, level, competence_id, name in _SKILLS_WITH_CHALLENGES.rows(profile.pk):
        if not out or out[-1][0].pk != skill_id:
            out.append((ValidatedSkill(skill_id, tube_id, level, competence_id, name), []))
        out[-1][1].append(challenge_id)
    return [(skill, tuple(ids)) for skill, ids in out]


def answered_challenge_ids(profile: PlacementProfile) -> set[int]:
    """The challenges already answered during positioning: certification prefers other variants."""
    return set(ProfileChallenge.objects.filter(profile=profile).values_list("challenge_id", flat=True))

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from centres.models import Student
from referential.framework import MAX_LEVEL
from referential.rules import is_certifiable


class Area(models.Model):
    """One of the 5 areas of the framework (« Information et données »…); data, never edited."""

    code = models.CharField(_("code"), max_length=2, unique=True)
    name = models.CharField(_("nom"), max_length=255)

    class Meta:
        verbose_name = _("domaine")
        verbose_name_plural = _("domaines")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class Competence(models.Model):
    """One of the 16 competences (« 1.1 Mener une recherche et une veille d'information »…)."""

    code = models.CharField(_("code"), max_length=5, unique=True)
    name = models.CharField(_("nom"), max_length=255)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="competences", verbose_name=_("domaine"))

    class Meta:
        verbose_name = _("compétence")
        verbose_name_plural = _("compétences")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ProfileSource(models.TextChoices):
    PROFILE_COLLECTION = "profile_collection", _("Collecte de profils")
    POSITIONING = "positioning", _("Positionnement")
    DEMO = "demo", _("Démonstration")


class PlacementProfile(models.Model):
    """A level and pix per competence at a date, owned by a student or by a candidate account.

    Profiles are never changed: a new assessment adds a profile, the latest by ``assessed_at`` wins.
    """

    student = models.ForeignKey(
        Student,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="placement_profiles",
        verbose_name=_("élève"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="placement_profiles",
        verbose_name=_("compte candidat"),
    )
    assessed_at = models.DateTimeField(_("date du profil"))
    source = models.CharField(_("origine"), max_length=32, choices=ProfileSource.choices)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("profil de positionnement")
        verbose_name_plural = _("profils de positionnement")
        ordering = ["-assessed_at", "-pk"]
        get_latest_by = ["assessed_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(student__isnull=False) & Q(user__isnull=True))
                | (Q(student__isnull=True) & Q(user__isnull=False)),
                name="profile_exactly_one_owner",
            ),
            models.CheckConstraint(condition=Q(source__in=ProfileSource.values), name="profile_source_valid"),
        ]
        indexes = [
            models.Index(fields=["student", "-assessed_at"], name="profile_student_latest"),
            models.Index(fields=["user", "-assessed_at"], name="profile_user_latest"),
        ]

    def __str__(self) -> str:
        owner = self.student if self.student_id else self.user
        return f"{owner} — {timezone.localtime(self.assessed_at):%d/%m/%Y}"

    def is_certifiable(self) -> bool:
        """Reads ``competences``: prefetch them when asking for many profiles."""
        return is_certifiable(c.level for c in self.competences.all())


class ProfileCompetence(models.Model):
    profile = models.ForeignKey(
        PlacementProfile, on_delete=models.CASCADE, related_name="competences", verbose_name=_("profil")
    )
    competence = models.ForeignKey(Competence, on_delete=models.PROTECT, related_name="+", verbose_name=_("compétence"))
    level = models.PositiveSmallIntegerField(_("niveau"))
    pix = models.PositiveIntegerField(_("pix"))

    class Meta:
        verbose_name = _("niveau par compétence")
        verbose_name_plural = _("niveaux par compétence")
        ordering = ["competence__code"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "competence"], name="profile_competence_unique"),
            models.CheckConstraint(condition=Q(level__gte=0, level__lte=MAX_LEVEL), name="profile_level_range"),
            models.CheckConstraint(condition=Q(pix__gte=0), name="profile_pix_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.competence_id} : {self.level}"

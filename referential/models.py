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


# Content bank (issue 4): tubes, skills and their challenges, loaded from a JSON file (docs/banque-de-contenu.md).


class Tube(models.Model):
    """A family of skills of one competence (« @rechercheInfo »), from easy to hard."""

    competence = models.ForeignKey(
        Competence, on_delete=models.PROTECT, related_name="tubes", verbose_name=_("compétence")
    )
    name = models.CharField(_("nom"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("sujet")
        verbose_name_plural = _("sujets")
        ordering = ["competence__code", "name"]

    def __str__(self) -> str:
        return self.name


class Skill(models.Model):
    """A skill: a tube at a level (« @rechercheInfo3 »). Its challenges are its variants."""

    tube = models.ForeignKey(Tube, on_delete=models.PROTECT, related_name="skills", verbose_name=_("sujet"))
    level = models.PositiveSmallIntegerField(_("niveau"))
    name = models.CharField(_("nom"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("acquis")
        verbose_name_plural = _("acquis")
        ordering = ["tube__name", "level"]
        constraints = [
            models.UniqueConstraint(fields=["tube", "level"], name="skill_tube_level_unique"),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=MAX_LEVEL), name="skill_level_range"),
        ]

    def __str__(self) -> str:
        return self.name


class ChallengeType(models.TextChoices):
    QCU = "QCU", _("Choix unique")
    QCM = "QCM", _("Choix multiple")
    QROC = "QROC", _("Réponse courte")
    # Pix's QROCM « dépendante »: one typed answer checked against a list, like a QROC here; it counts
    # double in a competence tested with fewer than 3 challenges (DOMAIN.md §5, certification/scoring.py).
    QROCM_DEP = "QROCM-dep", _("Réponses courtes dépendantes")


# The challenge types whose answer is typed text (the test page shows a text field).
TEXT_ANSWER_TYPES = frozenset({ChallengeType.QROC, ChallengeType.QROCM_DEP})


class ChallengeStatus(models.TextChoices):
    """Pix's statuses: an archived challenge is retired from new positioning but still valid for
    certification; an obsolete one is never drawn again. Neither is deleted: tests point at it."""

    VALIDATED = "validated", _("Validée")
    ARCHIVED = "archived", _("Archivée")
    OBSOLETE = "obsolete", _("Périmée")


# The challenges a certification test may draw: Pix's « operative » ones (issue 14).
DRAWABLE_STATUSES = (ChallengeStatus.VALIDATED, ChallengeStatus.ARCHIVED)


class Challenge(models.Model):
    """A question of the bank. ``solution``: QCU the right index, QCM the sorted right indexes, QROC and
    QROCM-dep the accepted answers; indexes count from 0 in ``proposals``. Retired (archived or
    obsolete), never deleted: tests point at it."""

    external_id = models.CharField(_("identifiant"), max_length=64, unique=True)
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="challenges", verbose_name=_("acquis"))
    type = models.CharField(_("type"), max_length=16, choices=ChallengeType.choices)
    instruction = models.TextField(_("consigne"))
    proposals = models.JSONField(_("propositions"), default=list, blank=True)
    solution = models.JSONField(_("solution"))
    timer_seconds = models.PositiveIntegerField(_("temps imparti (secondes)"), null=True, blank=True)
    is_focus = models.BooleanField(_("épreuve focus"), default=False)
    has_image = models.BooleanField(_("avec image"), default=False)
    has_embed = models.BooleanField(_("avec application intégrée"), default=False)
    has_attachment = models.BooleanField(_("avec pièce jointe"), default=False)
    status = models.CharField(
        _("statut"), max_length=16, choices=ChallengeStatus.choices, default=ChallengeStatus.VALIDATED
    )
    archived_at = models.DateTimeField(_("retirée le"), null=True, blank=True)  # archived or obsolete

    class Meta:
        verbose_name = _("épreuve")
        verbose_name_plural = _("épreuves")
        ordering = ["skill__tube__name", "skill__level", "external_id"]
        constraints = [
            models.CheckConstraint(condition=Q(type__in=ChallengeType.values), name="challenge_type_valid"),
            models.CheckConstraint(condition=Q(status__in=ChallengeStatus.values), name="challenge_status_valid"),
            models.CheckConstraint(
                condition=Q(timer_seconds__isnull=True) | Q(timer_seconds__gte=1), name="challenge_timer_positive"
            ),
            models.CheckConstraint(
                condition=Q(status__in=(ChallengeStatus.ARCHIVED, ChallengeStatus.OBSOLETE))
                | Q(archived_at__isnull=True),
                name="challenge_archived_at_only_retired",
            ),
        ]
        indexes = [models.Index(fields=["skill", "status"], name="challenge_skill_status")]

    def __str__(self) -> str:
        return f"{self.external_id} ({self.skill_id})"

    @property
    def is_timed(self) -> bool:
        return self.timer_seconds is not None


class ProfileSkill(models.Model):
    """A skill assessed during positioning: validated or failed."""

    profile = models.ForeignKey(
        PlacementProfile, on_delete=models.CASCADE, related_name="skills", verbose_name=_("profil")
    )
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+", verbose_name=_("acquis"))
    validated = models.BooleanField(_("validé"))

    class Meta:
        verbose_name = _("acquis du profil")
        verbose_name_plural = _("acquis du profil")
        ordering = ["skill__name"]
        constraints = [models.UniqueConstraint(fields=["profile", "skill"], name="profile_skill_unique")]

    def __str__(self) -> str:
        return f"{self.skill_id} : {'validé' if self.validated else 'non validé'}"


class ProfileChallenge(models.Model):
    """A challenge already answered during positioning: the certification prefers another variant."""

    profile = models.ForeignKey(
        PlacementProfile, on_delete=models.CASCADE, related_name="answered_challenges", verbose_name=_("profil")
    )
    challenge = models.ForeignKey(Challenge, on_delete=models.PROTECT, related_name="+", verbose_name=_("épreuve"))

    class Meta:
        verbose_name = _("épreuve vue au positionnement")
        verbose_name_plural = _("épreuves vues au positionnement")
        constraints = [models.UniqueConstraint(fields=["profile", "challenge"], name="profile_challenge_unique")]

    def __str__(self) -> str:
        return str(self.challenge_id)

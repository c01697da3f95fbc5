from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from centres.models import Sex, Student
from sessions_app.models import Session

__all__ = ["BillingMode", "BirthCountry", "BirthplaceCommune", "Candidate", "Sex"]

FRANCE_INSEE_CODE = "99100"


class BillingMode(models.TextChoices):
    """« Tarification part Pix », for SUP and PRO centres only."""

    FREE = "FREE", _("Gratuite")
    PAID = "PAID", _("Payante")
    PREPAID = "PREPAID", _("Prépayée")


class Candidate(models.Model):
    """A person enrolled in a session (DOMAIN.md §3)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="candidates")
    student = models.ForeignKey(
        Student,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="candidacies",
        verbose_name=_("élève"),
    )
    last_name = models.CharField(_("Nom de naissance"), max_length=255)
    first_name = models.CharField(_("Prénom"), max_length=255)
    sex = models.CharField(_("Sexe"), max_length=1, choices=Sex.choices)
    birthdate = models.DateField(_("Date de naissance"))
    external_id = models.CharField(_("Identifiant local"), max_length=255, blank=True)
    extra_time_percentage = models.PositiveSmallIntegerField(
        _("Temps majoré (%)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(99)]
    )
    birth_country = models.CharField(_("Pays de naissance"), max_length=255, blank=True)
    birth_insee_code = models.CharField(_("Code Insee de naissance"), max_length=5, blank=True)
    birth_postal_code = models.CharField(_("Code postal de naissance"), max_length=5, blank=True)
    birth_city = models.CharField(_("Commune de naissance"), max_length=255, blank=True)
    billing_mode = models.CharField(_("Tarification part Pix"), max_length=8, choices=BillingMode.choices, blank=True)
    prepayment_code = models.CharField(_("Code de prépaiement"), max_length=40, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="candidacies",
        verbose_name=_("compte candidat"),
        help_text=_("Renseigné quand le candidat rejoint la session."),
    )
    joined_at = models.DateTimeField(_("a rejoint la session le"), null=True, blank=True)
    # Presence confirmed by the supervisor: valid 15 minutes, consumed when the access code is entered.
    authorized_to_start_until = models.DateTimeField(_("présence confirmée jusqu'au"), null=True, blank=True)
    result_recipient_email = models.EmailField(_("E-mail du destinataire des résultats"), blank=True)
    convocation_email = models.EmailField(_("E-mail de convocation"), blank=True)
    identity_key = models.CharField(max_length=600, editable=False, help_text="Prénom + nom normalisés + date")
    created_at = models.DateTimeField(_("inscrit le"), auto_now_add=True)

    class Meta:
        verbose_name = _("candidat")
        verbose_name_plural = _("candidats")
        ordering = ["last_name", "first_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "identity_key"], name="candidate_unique_identity_in_session"),
            models.CheckConstraint(
                condition=Q(extra_time_percentage__isnull=True)
                | Q(extra_time_percentage__gte=1, extra_time_percentage__lte=99),
                name="candidate_extra_time_range",
            ),
            models.CheckConstraint(
                condition=Q(prepayment_code="") | Q(billing_mode=BillingMode.PREPAID),
                name="candidate_prepayment_code_only_when_prepaid",
            ),
            models.UniqueConstraint(
                fields=["session", "student"],
                condition=Q(student__isnull=False),
                name="candidate_student_once_per_session",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def has_joined(self) -> bool:
        return self.user_id is not None


class BirthCountry(models.Model):
    """Countries with their INSEE code (99xxx), loaded by `load_birthplaces`."""

    insee_code = models.CharField(_("code Insee"), max_length=5, unique=True)
    name = models.CharField(_("nom"), max_length=255)
    match_key = models.CharField(max_length=255, db_index=True, help_text="Nom normalisé")

    class Meta:
        verbose_name = _("pays")
        verbose_name_plural = _("pays")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class BirthplaceCommune(models.Model):
    """One French commune and one of its postal codes, loaded by `load_birthplaces`."""

    insee_code = models.CharField(_("code Insee"), max_length=5, db_index=True)
    postal_code = models.CharField(_("code postal"), max_length=5, db_index=True)
    name = models.CharField(_("nom"), max_length=255)
    match_key = models.CharField(max_length=255, help_text="Nom normalisé")

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["insee_code", "postal_code"], name="commune_insee_postal_unique"),
        ]
        indexes = [models.Index(fields=["postal_code", "match_key"], name="commune_postal_name")]

    def __str__(self) -> str:
        return f"{self.name} ({self.postal_code})"

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sessions_app.models import Session


class Sex(models.TextChoices):
    M = "M", _("Homme")
    F = "F", _("Femme")


class Candidate(models.Model):
    """A person enrolled in a session (DOMAIN.md §3). Enrolment screens come with issue 3."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="candidates")
    last_name = models.CharField(_("Nom de naissance"), max_length=255)
    first_name = models.CharField(_("Prénom"), max_length=255)
    sex = models.CharField(_("Sexe"), max_length=1, choices=Sex.choices)
    birthdate = models.DateField(_("Date de naissance"))
    external_id = models.CharField(_("Identifiant local"), max_length=255, blank=True)
    extra_time_percentage = models.PositiveSmallIntegerField(
        _("Temps majoré (%)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(99)]
    )
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
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

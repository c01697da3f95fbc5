from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import AuditEvent
from pixcertif.lib.text import normalize_name

UAI_VALIDATOR = RegexValidator(
    r"^\d{7}[A-Z]$", _("Un UAI s'écrit avec 7 chiffres et une lettre, par exemple 0751234A.")
)


class CentreType(models.TextChoices):
    SCO = "SCO", _("Scolaire")
    SUP = "SUP", _("Enseignement supérieur")
    PRO = "PRO", _("Professionnel")


class ScoSubtype(models.TextChoices):
    COLLEGE = "college", _("Collège")
    LYCEE = "lycee", _("Lycée")
    AGRICULTURE = "agriculture", _("Lycée agricole")


class CertificationCentre(models.Model):
    name = models.CharField(_("nom"), max_length=255)
    type = models.CharField(_("type"), max_length=3, choices=CentreType.choices)
    sco_subtype = models.CharField(
        _("type d'établissement scolaire"), max_length=16, choices=ScoSubtype.choices, blank=True
    )
    uai = models.CharField(_("UAI"), max_length=8, blank=True, validators=[UAI_VALIDATOR])
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("centre de certification")
        verbose_name_plural = _("centres de certification")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["uai"], condition=~Q(uai=""), name="centre_uai_unique"),
            models.CheckConstraint(
                condition=(Q(type=CentreType.SCO) & ~Q(sco_subtype="") & ~Q(uai=""))
                | (~Q(type=CentreType.SCO) & Q(sco_subtype="")),
                name="centre_sco_has_subtype_and_uai",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_sco(self) -> bool:
        return self.type == CentreType.SCO


class Role(models.TextChoices):
    ADMIN = "ADMIN", _("Administrateur")
    MEMBER = "MEMBER", _("Membre")


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    centre = models.ForeignKey(CertificationCentre, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("rôle"), max_length=6, choices=Role.choices, default=Role.MEMBER)
    is_referent = models.BooleanField(_("référent Pix"), default=False)
    created_at = models.DateTimeField(_("membre depuis"), auto_now_add=True)
    disabled_at = models.DateTimeField(_("retiré le"), null=True, blank=True)
    # Set when the member switches to this centre: the next login lands here (centres/current.py).
    last_used_at = models.DateTimeField(_("dernière utilisation"), null=True, blank=True)

    class Meta:
        verbose_name = _("membre")
        verbose_name_plural = _("membres")
        ordering = ["user__last_name", "user__first_name", "user__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "centre"], condition=Q(disabled_at__isnull=True), name="membership_one_active"
            ),
            models.UniqueConstraint(
                fields=["centre"],
                condition=Q(is_referent=True, disabled_at__isnull=True),
                name="membership_one_referent",
            ),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="membership_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.centre} ({self.get_role_display()})"

    @property
    def is_active(self) -> bool:
        return self.disabled_at is None

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN and self.is_active


class Invitation(models.Model):
    """A one-time link sent by e-mail; only the SHA-256 of its token is stored."""

    centre = models.ForeignKey(CertificationCentre, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("adresse e-mail"))
    role = models.CharField(_("rôle"), max_length=6, choices=Role.choices, default=Role.MEMBER)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("invité par")
    )
    created_at = models.DateTimeField(_("envoyée le"))
    expires_at = models.DateTimeField(_("expire le"))
    accepted_at = models.DateTimeField(_("acceptée le"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(_("annulée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["centre", "email"])]

    def __str__(self) -> str:
        return f"{self.email} → {self.centre}"

    def is_pending(self, now: dt.datetime) -> bool:
        return self.accepted_at is None and self.cancelled_at is None and now < self.expires_at


class CalendarWindow(models.Model):
    """A campaign's dates for one kind of school (FAQ calendar); editable by staff."""

    campaign = models.CharField(_("campagne"), max_length=9, help_text=_("Par exemple 2020-2021."))
    sco_subtype = models.CharField(_("type d'établissement"), max_length=16, choices=ScoSubtype.choices)
    access_opens_on = models.DateField(_("ouverture de l'espace"))
    sessions_start = models.DateField(_("début des sessions"))
    sessions_end = models.DateField(_("fin des sessions"))

    class Meta:
        verbose_name = _("période de certification")
        verbose_name_plural = _("calendrier des campagnes")
        ordering = ["-sessions_start", "sco_subtype"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "sco_subtype"], name="calendar_one_window_per_subtype"),
            models.CheckConstraint(
                condition=Q(sessions_start__lte=models.F("sessions_end")), name="calendar_window_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} — {self.get_sco_subtype_display()}"

    def contains(self, day: dt.date) -> bool:
        return self.sessions_start <= day <= self.sessions_end


class Derogation(models.Model):
    """Dates granted by staff to one centre outside its window (e.g. an academy derogation)."""

    centre = models.ForeignKey(CertificationCentre, on_delete=models.CASCADE, related_name="derogations")
    starts_on = models.DateField(_("du"))
    ends_on = models.DateField(_("au"))
    reason = models.CharField(_("motif"), max_length=255)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accordée par"),
    )
    created_at = models.DateTimeField(_("accordée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("dérogation")
        verbose_name_plural = _("dérogations")
        constraints = [
            models.CheckConstraint(condition=Q(starts_on__lte=models.F("ends_on")), name="derogation_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.centre} : {self.starts_on:%d/%m/%Y} → {self.ends_on:%d/%m/%Y}"

    def contains(self, day: dt.date) -> bool:
        return self.starts_on <= day <= self.ends_on


class CentreEventKind(models.TextChoices):
    """What a centre's journal records, each with the label the admin shows."""

    MEMBERSHIP_CREATED = "membership.created", _("Membre ajouté")
    MEMBERSHIP_ROLE_CHANGED = "membership.role_changed", _("Rôle d'un membre modifié")
    MEMBERSHIP_REMOVED = "membership.removed", _("Membre retiré")
    MEMBERSHIP_REFERENT_NAMED = "membership.referent_named", _("Référent Pix désigné")
    INVITATION_SENT = "invitation.sent", _("Invitation envoyée")
    INVITATION_CANCELLED = "invitation.cancelled", _("Invitation annulée")
    INVITATION_ACCEPTED = "invitation.accepted", _("Invitation acceptée")
    ROSTER_IMPORTED = "roster.imported", _("Liste des élèves importée")
    PROFILES_IMPORTED = "profiles.imported", _("Collecte de profils importée")
    STUDENTS_PURGED = "students.purged", _("Élèves sortis supprimés (données personnelles)")
    DEROGATION_GRANTED = "derogation.granted", _("Dérogation accordée")
    DEROGATION_UPDATED = "derogation.updated", _("Dérogation modifiée")
    DEROGATION_WITHDRAWN = "derogation.withdrawn", _("Dérogation retirée")


class CentreEvent(AuditEvent):
    """Audit of membership, invitation, roster and derogation changes (sessions have their own SessionEvent)."""

    centre = models.ForeignKey(CertificationCentre, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("événement"), max_length=64, choices=CentreEventKind.choices)

    class Meta(AuditEvent.Meta):
        verbose_name = _("événement du centre")
        verbose_name_plural = _("journal du centre")

    def __str__(self) -> str:
        return f"{self.kind} ({self.at:%d/%m/%Y %H:%M})"


class Sex(models.TextChoices):
    MALE = "M", _("Masculin")
    FEMALE = "F", _("Féminin")


class Student(models.Model):
    """A student of an SCO centre, kept up to date by roster imports (SIECLE or CSV).

    Identified by INE within its centre; a student missing from a later import is marked inactive,
    never deleted, so that past candidates keep their link.
    """

    centre = models.ForeignKey(CertificationCentre, on_delete=models.CASCADE, related_name="students")
    ine = models.CharField(_("INE"), max_length=11)
    first_name = models.CharField(_("premier prénom"), max_length=100)
    second_name = models.CharField(_("deuxième prénom"), max_length=100, blank=True)
    third_name = models.CharField(_("troisième prénom"), max_length=100, blank=True)
    last_name = models.CharField(_("nom de famille"), max_length=100)
    usage_name = models.CharField(_("nom d'usage"), max_length=100, blank=True)
    birthdate = models.DateField(_("date de naissance"))
    birth_insee_code = models.CharField(_("code commune de naissance"), max_length=5, blank=True)
    birth_city = models.CharField(_("commune de naissance"), max_length=100, blank=True)
    birth_country_code = models.CharField(_("code pays de naissance"), max_length=5, blank=True)
    birth_department_code = models.CharField(_("code département de naissance"), max_length=3, blank=True)
    sex = models.CharField(_("sexe"), max_length=1, choices=Sex.choices)
    division = models.CharField(_("division"), max_length=30, blank=True)
    mef_code = models.CharField(_("code MEF"), max_length=11, blank=True)
    status_code = models.CharField(_("statut"), max_length=30, blank=True)
    is_active = models.BooleanField(_("présent dans le dernier import"), default=True)
    left_at = models.DateTimeField(_("sorti le"), null=True, blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    # Names and INE normalised (no accents, upper case) so that « eloise » finds « Éloïse » on any database.
    search_key = models.CharField(max_length=600, editable=False, default="")

    class Meta:
        verbose_name = _("élève")
        verbose_name_plural = _("élèves")
        ordering = ["last_name", "first_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "ine"], name="student_ine_unique_per_centre"),
            models.CheckConstraint(condition=Q(sex__in=Sex.values), name="student_sex_valid"),
        ]
        indexes = [
            models.Index(fields=["centre", "division"], name="student_centre_division"),
            models.Index(fields=["centre", "last_name", "first_name"], name="student_centre_names"),
        ]

    def __str__(self) -> str:
        return f"{self.last_name} {self.first_name} ({self.ine})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_key = student_search_key(
            self.last_name, self.usage_name, self.first_name, self.second_name, self.third_name, self.ine
        )
        super().save(*args, **kwargs)


def student_search_key(*parts: str) -> str:
    """The words a roster search matches, each as normalize_name leaves it."""
    return " ".join(key for key in (normalize_name(part) for part in parts) if key)

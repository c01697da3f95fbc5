from __future__ import annotations

import datetime as dt
import math

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import AuditEvent
from centres.models import CertificationCentre
from pixcertif.lib.codes import SESSION_PASSWORD_PREFIX
from pixcertif.lib.dates import local_datetime
from pixcertif.lib.text import split_names
from sessions_app.event_kinds import SessionEventKind


class SessionStatus(models.TextChoices):
    CREATED = "created", _("Créée")
    FINALISED = "finalised", _("Finalisée")
    IN_PROCESS = "in_process", _("En cours de traitement")
    PROCESSED = "processed", _("Résultats transmis par Pix")


# What a centre sees: Pix staff's processing is invisible to it (DOMAIN.md §2).
CENTRE_STATUS_LABELS = {
    SessionStatus.CREATED: _("Créée"),
    SessionStatus.FINALISED: _("Finalisée"),
    SessionStatus.IN_PROCESS: _("Finalisée"),
    SessionStatus.PROCESSED: _("Résultats transmis par Pix"),
}


class Session(models.Model):
    """A certification session of a centre; its id is the « numéro de session »."""

    centre = models.ForeignKey(CertificationCentre, on_delete=models.PROTECT, related_name="sessions")
    address = models.CharField(_("Nom du site"), max_length=255)
    room = models.CharField(_("Nom de la salle"), max_length=255)
    date = models.DateField(_("Date de début"))
    time = models.TimeField(_("Heure de début (heure locale)"))
    supervisors = models.CharField(_("Surveillant(s)"), max_length=255)
    description = models.CharField(_("Observations"), max_length=350, blank=True)
    access_code = models.CharField(_("code d'accès candidat"), max_length=6)
    supervisor_password = models.CharField(_("mot de passe de session"), max_length=16)
    status = models.CharField(_("statut"), max_length=16, choices=SessionStatus.choices, default=SessionStatus.CREATED)
    finalisation_due_at = models.DateTimeField(_("à finaliser avant le"))
    started_at = models.DateTimeField(
        _("commencée le"), null=True, blank=True, help_text=_("Quand le premier candidat a commencé son test.")
    )
    admissions_closed_at = models.DateTimeField(
        _("accès fermé le"), null=True, blank=True, help_text=_("Plus aucune présence ne peut être confirmée.")
    )
    finalised_at = models.DateTimeField(_("finalisée le"), null=True, blank=True)
    # Deadline sweeps (finalisation): each step happens once, recorded here (DESIGN.md: deadlines are columns).
    finalisation_reminder_sent_at = models.DateTimeField(_("rappel de finalisation envoyé le"), null=True, blank=True)
    overdue_at = models.DateTimeField(_("signalée en retard le"), null=True, blank=True)
    # Set by the auto-jury after finalisation: None until it ran; True → « Sessions à publier »,
    # False → « Sessions à traiter » (DOMAIN.md §6).
    is_publishable = models.BooleanField(_("publiable sans traitement"), null=True, blank=True)
    published_at = models.DateTimeField(_("résultats publiés le"), null=True, blank=True)
    # The Pix staff member processing the session (« M'assigner la session »).
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_sessions",
        verbose_name=_("traitée par"),
    )
    postponed_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="postponements",
        verbose_name=_("reportée depuis la session"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("créée par")
    )
    created_at = models.DateTimeField(_("créée le"))
    updated_at = models.DateTimeField(_("modifiée le"))

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["-date", "-time", "-id"]
        indexes = [
            models.Index(fields=["centre", "-date", "-time", "-id"], name="session_centre_date_idx"),
            models.Index(fields=["centre", "status"], name="session_centre_status_idx"),
            models.Index(fields=["status", "finalisation_due_at"], name="session_due_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=SessionStatus.values), name="session_status_valid"),
        ]

    def __str__(self) -> str:
        return _("Session n° %(id)s") % {"id": self.pk}

    @property
    def starts_at(self) -> dt.datetime:
        return local_datetime(self.date, self.time)

    @property
    def password_display(self) -> str:
        return SESSION_PASSWORD_PREFIX + self.supervisor_password

    @property
    def centre_status_label(self) -> str:
        return str(CENTRE_STATUS_LABELS[SessionStatus(self.status)])

    @property
    def supervisor_names(self) -> list[str]:
        return split_names(self.supervisors)

    def has_started(self) -> bool:
        """A session has started once one candidate started a test (DESIGN.md, "State")."""
        return self.started_at is not None

    def deletion_refusal(self) -> str | None:
        """Why the session can no longer be deleted, in French; None while it can."""
        if self.status != SessionStatus.CREATED:
            return gettext("La session est finalisée : elle ne peut plus être supprimée.")
        if self.has_started():
            return gettext(
                "La session a déjà commencé : un candidat est entré en test, elle ne peut plus être supprimée."
            )
        return None

    def can_be_deleted(self) -> bool:
        return self.deletion_refusal() is None

    def can_be_edited(self) -> bool:
        return self.status == SessionStatus.CREATED

    def accepts_candidates(self) -> bool:
        return self.status == SessionStatus.CREATED

    def supervisors_needed(self, candidate_count: int) -> int:
        """At least one supervisor per 20 candidates (FAQ)."""
        return max(1, math.ceil(candidate_count / settings.PIXCERTIF_CANDIDATES_PER_SUPERVISOR))

    def lacks_supervisors(self, candidate_count: int) -> bool:
        return len(self.supervisor_names) < self.supervisors_needed(candidate_count)

    def is_overdue(self, now: dt.datetime) -> bool:
        return self.status == SessionStatus.CREATED and self.has_started() and now >= self.finalisation_due_at


class SessionEvent(AuditEvent):
    """Audit row for every change of a session; kept when the session is deleted."""

    session = models.ForeignKey(Session, on_delete=models.SET_NULL, null=True, blank=True, related_name="events")
    session_number = models.BigIntegerField(_("n° de session"), db_index=True)
    centre = models.ForeignKey(CertificationCentre, on_delete=models.CASCADE, related_name="session_events")
    kind = models.CharField(_("événement"), max_length=64, choices=SessionEventKind.choices)

    class Meta(AuditEvent.Meta):
        verbose_name = _("événement de session")
        verbose_name_plural = _("journal des sessions")

    def __str__(self) -> str:
        return f"{self.kind} — n° {self.session_number}"

"""The staff queues of DOMAIN.md §7 as proxies of Session: each one is its own admin changelist."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from sessions_app.lifecycle import JURY
from sessions_app.models import Session

# The sessions Pix staff may work on: those the lifecycle lets the jury touch (finalised, in process).
IN_STAFF_HANDS = Q(status__in=sorted(JURY.sources))
# The auto-jury's verdict (DOMAIN.md §6): None (not run yet) counts as « to process ».
TO_PUBLISH = IN_STAFF_HANDS & Q(is_publishable=True)
TO_PROCESS = IN_STAFF_HANDS & (Q(is_publishable=False) | Q(is_publishable__isnull=True))


class _ToProcessManager(models.Manager["SessionToProcess"]):
    def get_queryset(self) -> models.QuerySet[SessionToProcess]:
        return super().get_queryset().filter(TO_PROCESS)


class _ToPublishManager(models.Manager["SessionToPublish"]):
    def get_queryset(self) -> models.QuerySet[SessionToPublish]:
        return super().get_queryset().filter(TO_PUBLISH)


class StaffSession(Session):
    """« Toutes les sessions »; carries the staff permissions the groups get (results/migrations/0001)."""

    class Meta:
        proxy = True
        verbose_name = _("session (équipe Pix)")
        verbose_name_plural = _("Toutes les sessions")
        permissions = [
            ("assign_session", _("Peut s'assigner une session")),
            ("unfinalise_session", _("Peut définaliser une session")),
            ("publish_session", _("Peut publier et dépublier les résultats d'une session")),
            ("jury_certification", _("Peut modifier une certification (actions du jury)")),
        ]


class SessionToProcess(Session):
    objects: ClassVar[_ToProcessManager] = _ToProcessManager()

    class Meta:
        proxy = True
        verbose_name = _("session à traiter")
        verbose_name_plural = _("Sessions à traiter")


class SessionToPublish(Session):
    objects: ClassVar[_ToPublishManager] = _ToPublishManager()

    class Meta:
        proxy = True
        verbose_name = _("session à publier")
        verbose_name_plural = _("Sessions à publier")


class CertificateBatchStatus(models.TextChoices):
    PENDING = "pending", _("En préparation")
    READY = "ready", _("Prêt")
    FAILED = "failed", _("Échec")


class CertificateBatch(models.Model):
    """The certificates of a whole published session in one file, built by a Celery task and stored."""

    session = models.OneToOneField(Session, on_delete=models.CASCADE, related_name="certificate_batch")
    status = models.CharField(
        _("statut"), max_length=12, choices=CertificateBatchStatus.choices, default=CertificateBatchStatus.PENDING
    )
    file = models.FileField(_("fichier"), upload_to="certificats/%Y/%m/", blank=True)
    certificate_count = models.PositiveIntegerField(_("nombre de certificats"), default=0)
    requested_at = models.DateTimeField(_("demandé le"))
    built_at = models.DateTimeField(_("construit le"), null=True, blank=True)
    error = models.TextField(_("erreur"), blank=True)

    class Meta:
        verbose_name = _("lot de certificats")
        verbose_name_plural = _("lots de certificats")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=CertificateBatchStatus.values), name="certificate_batch_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session_id} : {self.get_status_display()}"


class ApiClient(models.Model):
    """A record-book (LSU/LSL) client of the pull API (LSU-API.md §1); its secret is stored hashed."""

    client_id = models.CharField(_("identifiant du client"), max_length=64, unique=True)
    name = models.CharField(_("nom (source)"), max_length=100)
    secret_hash = models.CharField(_("secret (haché)"), max_length=256, editable=False)
    scopes = models.CharField(_("périmètres autorisés"), max_length=255, help_text=_("Séparés par des espaces."))
    is_enabled = models.BooleanField(_("actif"), default=True)
    created_at = models.DateTimeField(_("créé le"))
    last_used_at = models.DateTimeField(_("dernière utilisation"), null=True, blank=True)

    class Meta:
        verbose_name = _("client de l'API LSU/LSL")
        verbose_name_plural = _("clients de l'API LSU/LSL")
        ordering = ["client_id"]

    def __str__(self) -> str:
        return self.client_id

    def scope_set(self) -> frozenset[str]:
        return frozenset(self.scopes.split())


class SchoolExport(models.Model):
    """The stored LSU/LSL export of one school (UAI, upper case), refreshed by Celery; the API serves it."""

    uai = models.CharField(_("UAI"), max_length=8, unique=True)
    # The JSON text of the `certifications` array of LSU-API.md §2, spliced as is into the answer.
    certifications_json = models.TextField(_("certifications (JSON)"), default="[]")
    certification_count = models.PositiveIntegerField(_("nombre de certifications"), default=0)
    requested_at = models.DateTimeField(_("rafraîchissement demandé le"), null=True, blank=True)
    refreshed_at = models.DateTimeField(_("rafraîchi le"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(_("durée (ms)"), null=True, blank=True)
    error = models.TextField(_("dernière erreur"), blank=True)

    class Meta:
        verbose_name = _("export LSU/LSL d'un établissement")
        verbose_name_plural = _("exports LSU/LSL des établissements")
        ordering = ["uai"]
        constraints = [models.CheckConstraint(condition=Q(uai=Upper("uai")), name="school_export_uai_upper")]

    def __str__(self) -> str:
        return self.uai

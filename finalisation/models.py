"""Finalisation of a session (DOMAIN.md §6). For now: the incident reports (« signalements »).

Reports are recorded live from the supervisor portal or copied from the paper PV d'incident at
finalisation; the auto-jury (issue 5) resolves them later.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from candidates.models import Candidate
from certification.models import AbortReason, CertificationCourse
from sessions_app.models import Session


class IssueCode(models.TextChoices):
    """The codes of the PV d'incident; labels as printed on it (candidates/pdf.py)."""

    C1 = "C1", _("Modification des prénom/nom/date de naissance")
    C2 = "C2", _("Ajout/modification du temps majoré")
    C4 = "C4", _("Problème de signature de la feuille d'émargement")
    C6 = "C6", _("Suspicion de fraude")
    C7 = "C7", _("Incident technique non bloquant")
    C8 = "C8", _("Incident lié au candidat non bloquant")
    E1 = "E1", _("L'image ne s'affiche pas")
    E2 = "E2", _("Le simulateur ou l'application ne s'affiche pas")
    E3 = "E3", _("Le fichier à télécharger ne s'ouvre pas")
    E4 = "E4", _("Le site à visiter est indisponible ou en maintenance")
    E5 = "E5", _("Le site à visiter est bloqué par les restrictions réseau de l'établissement")
    E8 = "E8", _("Le candidat bénéficie d'un temps majoré et n'a pas pu répondre à la question dans le temps imparti")
    E9 = "E9", _("Le logiciel installé sur l'ordinateur n'a pas fonctionné")
    E10 = "E10", _("Le candidat a été contraint de quitter une question à focus")
    E11 = "E11", _("Le candidat a été bloqué sur une page d'erreur « Oups »")
    E12 = "E12", _("Problème d'accessibilité de la question")


# DOMAIN.md §6: E codes name a question; these C codes need a description; these codes are impactful.
QUESTION_CODES = frozenset(code for code in IssueCode.values if code.startswith("E"))
DESCRIPTION_CODES = frozenset({IssueCode.C1, IssueCode.C2, IssueCode.C4, IssueCode.C7, IssueCode.C8})
IMPACTFUL_CODES = frozenset({IssueCode.C1, IssueCode.C6, *QUESTION_CODES})
QUESTION_NUMBER_MIN = 1
QUESTION_NUMBER_MAX = 500
DESCRIPTION_MAX_LENGTH = 500


class IssueSource(models.TextChoices):
    LIVE = "live", _("Espace surveillant")
    FINALISATION = "finalisation", _("Finalisation")


class IssueReport(models.Model):
    """One incident for one candidate; the course is set when the candidate had started."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="issue_reports")
    course = models.ForeignKey(
        CertificationCourse,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="issue_reports",
        verbose_name=_("test de certification"),
    )
    code = models.CharField(_("catégorie"), max_length=4, choices=IssueCode.choices)
    question_number = models.PositiveSmallIntegerField(_("numéro de la question"), null=True, blank=True)
    description = models.CharField(_("description"), max_length=DESCRIPTION_MAX_LENGTH, blank=True)
    source = models.CharField(_("origine"), max_length=16, choices=IssueSource.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signalé par"),
    )
    created_at = models.DateTimeField(_("signalé le"))
    # Filled by the auto-jury or Pix staff (issue 5).
    resolved_at = models.DateTimeField(_("résolu le"), null=True, blank=True)
    resolution = models.TextField(_("résolution"), blank=True)

    class Meta:
        verbose_name = _("signalement")
        verbose_name_plural = _("signalements")
        ordering = ["candidate_id", "created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(code__in=IssueCode.values), name="issue_report_code_valid"),
            models.CheckConstraint(condition=Q(source__in=IssueSource.values), name="issue_report_source_valid"),
            # E codes name a question (1–500); the other codes never do.
            models.CheckConstraint(
                condition=(
                    Q(
                        code__in=sorted(QUESTION_CODES),
                        question_number__isnull=False,  # a NULL would otherwise make the check unknown, i.e. pass
                        question_number__gte=QUESTION_NUMBER_MIN,
                        question_number__lte=QUESTION_NUMBER_MAX,
                    )
                    | (~Q(code__in=sorted(QUESTION_CODES)) & Q(question_number__isnull=True))
                ),
                name="issue_report_question_number_for_e_codes",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.candidate_id}"

    @property
    def is_impactful(self) -> bool:
        """C1, C6 and E codes keep a session out of « Sessions à publier » until resolved."""
        return self.code in IMPACTFUL_CODES

    @property
    def category_label(self) -> Promise:
        return _("Problème sur une question") if self.code in QUESTION_CODES else _("Incident général")

    def is_resolved(self) -> bool:
        return self.resolved_at is not None


GLOBAL_COMMENT_MAX_LENGTH = 500


class SessionFinalisation(models.Model):
    """The centre's finalisation of one session: the wizard's work in progress, then what was confirmed.

    Saved as the user types (nothing is lost when the browser closes); ``session_finalise`` reads it
    under the session's lock and confirms it.
    """

    session = models.OneToOneField(Session, on_delete=models.CASCADE, related_name="finalisation")
    global_comment = models.CharField(_("commentaire global"), max_length=GLOBAL_COMMENT_MAX_LENGTH, blank=True)
    incident_with_extra_time = models.BooleanField(
        _("un incident a nécessité d'accorder un temps supplémentaire à un ou plusieurs candidats"), default=False
    )
    candidates_could_not_join = models.BooleanField(
        _("des candidats présents n'ont pas pu rejoindre la session"), default=False
    )
    scanned_document = models.FileField(
        _("feuille d'émargement ou PV d'incident numérisé"), upload_to="finalisation/%Y/%m/", blank=True
    )
    scanned_document_uploaded_at = models.DateTimeField(_("document déposé le"), null=True, blank=True)
    scanned_document_purged_at = models.DateTimeField(_("document supprimé le"), null=True, blank=True)
    updated_at = models.DateTimeField(_("modifiée le"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("finalisation")
        verbose_name_plural = _("finalisations")

    def __str__(self) -> str:
        return _("Finalisation de la session n° %(id)s") % {"id": self.session_id}


class CertificationReport(models.Model):
    """Step 1 of the wizard, per candidate: « Écran de fin du test vu », abort reason of an unfinished test."""

    finalisation = models.ForeignKey(SessionFinalisation, on_delete=models.CASCADE, related_name="reports")
    candidate = models.OneToOneField(Candidate, on_delete=models.CASCADE, related_name="certification_report")
    end_screen_seen = models.BooleanField(_("écran de fin du test vu"), default=False)
    abort_reason = models.CharField(
        _("raison de l'abandon"),
        max_length=16,
        blank=True,
        choices=AbortReason.choices,
    )

    class Meta:
        verbose_name = _("compte rendu du candidat")
        verbose_name_plural = _("comptes rendus des candidats")
        constraints = [
            models.CheckConstraint(
                condition=Q(abort_reason="") | Q(abort_reason__in=AbortReason.values),
                name="certification_report_abort_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.finalisation_id} — {self.candidate_id}"

"""A candidate's certification test (« certification course »), its questions, answers and results.

AssessmentResult and CompetenceMark live here, beside the scoring that writes them: every scoring run
(automatic after the test, or after a jury action) adds a result; the latest one is the current one.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from candidates.models import Candidate
from referential.models import Challenge, Competence
from sessions_app.models import Session


class CourseStatus(models.TextChoices):
    STARTED = "started", _("En cours")
    COMPLETED = "completed", _("Terminé")
    ENDED_BY_SUPERVISOR = "ended_by_supervisor", _("Terminé par le surveillant")
    ENDED_BY_FINALISATION = "ended_by_finalisation", _("Terminé à la finalisation")


class AbortReason(models.TextChoices):
    CANDIDATE = "candidate", _("Abandon : Manque de temps ou départ prématuré")
    TECHNICAL = "technical", _("Problème technique")


class CertificationCourse(models.Model):
    """One candidate's test in one session, created when the candidate enters the access code."""

    candidate = models.OneToOneField(Candidate, on_delete=models.PROTECT, related_name="course")
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="courses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="certification_courses")
    status = models.CharField(_("statut"), max_length=24, choices=CourseStatus.choices, default=CourseStatus.STARTED)
    # Frozen at creation (DOMAIN.md §5): later changes of the setting or of the candidate do not apply.
    max_reachable_level = models.PositiveSmallIntegerField(_("niveau maximum atteignable"))
    extra_time_percentage = models.PositiveSmallIntegerField(_("temps majoré (%)"), null=True, blank=True)
    verification_code = models.CharField(_("code de vérification"), max_length=10, unique=True)
    started_at = models.DateTimeField(_("commencé le"))
    completed_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    ended_at = models.DateTimeField(_("arrêté le"), null=True, blank=True)
    abort_reason = models.CharField(_("raison de l'abandon"), max_length=16, choices=AbortReason.choices, blank=True)
    resume_authorised_until = models.DateTimeField(_("reprise autorisée jusqu'au"), null=True, blank=True)
    # Jury decisions (DOMAIN.md §7), read by the scoring (the first two status rules of §5).
    is_cancelled_by_jury = models.BooleanField(_("annulée par le jury"), default=False)
    is_rejected_for_fraud = models.BooleanField(_("rejetée pour fraude"), default=False)

    class Meta:
        verbose_name = _("test de certification")
        verbose_name_plural = _("tests de certification")
        ordering = ["session_id", "candidate__last_name", "candidate__first_name"]
        indexes = [models.Index(fields=["session", "status"], name="course_session_status")]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=CourseStatus.values), name="course_status_valid"),
            models.CheckConstraint(
                condition=Q(abort_reason="") | Q(abort_reason__in=AbortReason.values), name="course_abort_reason_valid"
            ),
        ]

    def __str__(self) -> str:
        return _("Test n° %(id)s") % {"id": self.pk}

    def is_running(self) -> bool:
        return self.status == CourseStatus.STARTED


class CertificationChallenge(models.Model):
    """Question N of a course: the challenge picked at generation, in its fixed order."""

    course = models.ForeignKey(CertificationCourse, on_delete=models.CASCADE, related_name="challenges")
    position = models.PositiveSmallIntegerField(_("numéro de question"))
    challenge = models.ForeignKey(Challenge, on_delete=models.PROTECT, related_name="+")
    competence = models.ForeignKey(Competence, on_delete=models.PROTECT, related_name="+")
    skill_level = models.PositiveSmallIntegerField(_("niveau de l'acquis"))
    is_neutralised = models.BooleanField(_("neutralisée"), default=False)
    first_shown_at = models.DateTimeField(_("affichée pour la première fois le"), null=True, blank=True)
    focus_lost_at = models.DateTimeField(_("sortie de la page le"), null=True, blank=True)

    class Meta:
        verbose_name = _("question du test")
        verbose_name_plural = _("questions du test")
        ordering = ["course_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["course", "position"], name="course_challenge_position_unique"),
            models.UniqueConstraint(fields=["course", "challenge"], name="course_challenge_once"),
        ]

    def __str__(self) -> str:
        return f"{self.course_id} — Q{self.position}"


class AnswerStatus(models.TextChoices):
    OK = "ok", _("Correcte")
    KO = "ko", _("Incorrecte")
    SKIPPED = "aband", _("Passée")
    TIMEDOUT = "timedout", _("Hors temps")
    FOCUSEDOUT = "focusedout", _("Sortie de la page")


class Answer(models.Model):
    """The one answer to a question; a second different answer is refused (DOMAIN.md §5)."""

    question = models.OneToOneField(CertificationChallenge, on_delete=models.CASCADE, related_name="answer")
    course = models.ForeignKey(CertificationCourse, on_delete=models.CASCADE, related_name="answers")
    value = models.TextField(_("réponse"), blank=True)
    status = models.CharField(_("statut"), max_length=12, choices=AnswerStatus.choices)
    answered_at = models.DateTimeField(_("répondu le"))
    elapsed_seconds = models.PositiveIntegerField(_("temps passé (secondes)"), null=True, blank=True)

    class Meta:
        verbose_name = _("réponse")
        verbose_name_plural = _("réponses")
        ordering = ["course_id", "question__position"]
        constraints = [models.CheckConstraint(condition=Q(status__in=AnswerStatus.values), name="answer_status_valid")]

    def __str__(self) -> str:
        return f"{self.question} : {self.status}"


class CoursePosition(models.Model):
    """The positioning level and pix of one competence, frozen when the test is generated."""

    course = models.ForeignKey(CertificationCourse, on_delete=models.CASCADE, related_name="positions")
    competence = models.ForeignKey(Competence, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(_("niveau"), validators=[MaxValueValidator(8)])
    pix = models.PositiveSmallIntegerField(_("pix"))

    class Meta:
        verbose_name = _("positionnement")
        verbose_name_plural = _("positionnements")
        constraints = [models.UniqueConstraint(fields=["course", "competence"], name="course_position_unique")]

    def __str__(self) -> str:
        return f"{self.course_id} {self.competence_id} : {self.level}"


class ResultStatus(models.TextChoices):
    VALIDATED = "validated", _("Validée")
    REJECTED = "rejected", _("Rejetée")
    CANCELLED = "cancelled", _("Annulée")
    ERROR = "error", _("En erreur")


class AssessmentResult(models.Model):
    """One scoring run of a course; history kept, the latest wins (DESIGN.md, "State")."""

    course = models.ForeignKey(CertificationCourse, on_delete=models.CASCADE, related_name="results")
    status = models.CharField(_("statut"), max_length=12, choices=ResultStatus.choices)
    pix_score = models.PositiveSmallIntegerField(_("nombre de pix"), default=0)
    reproducibility = models.PositiveSmallIntegerField(
        _("taux de reproductibilité"), default=0, validators=[MaxValueValidator(100)]
    )
    emitter = models.CharField(_("origine"), max_length=32, default="auto", help_text=_("auto, jury…"))
    juror = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    comment_for_candidate = models.TextField(_("commentaire pour le candidat"), blank=True)
    comment_for_organisation = models.TextField(_("commentaire pour l'organisation"), blank=True)
    error = models.TextField(_("erreur"), blank=True)
    created_at = models.DateTimeField(_("calculé le"))

    class Meta:
        verbose_name = _("résultat")
        verbose_name_plural = _("résultats")
        ordering = ["course_id", "-created_at", "-id"]
        get_latest_by = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ResultStatus.values), name="result_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.course_id} : {self.get_status_display()}"


class CompetenceMark(models.Model):
    result = models.ForeignKey(AssessmentResult, on_delete=models.CASCADE, related_name="marks")
    competence = models.ForeignKey(Competence, on_delete=models.PROTECT, related_name="+")
    level = models.SmallIntegerField(_("niveau"), validators=[MinValueValidator(-1), MaxValueValidator(8)])
    pix = models.PositiveSmallIntegerField(_("pix"))

    class Meta:
        verbose_name = _("niveau obtenu")
        verbose_name_plural = _("niveaux obtenus")
        ordering = ["competence__code"]
        constraints = [models.UniqueConstraint(fields=["result", "competence"], name="mark_unique_per_competence")]

    def __str__(self) -> str:
        return f"{self.competence_id} : {self.level}"

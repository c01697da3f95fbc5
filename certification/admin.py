from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from certification.models import (
    Answer,
    AssessmentResult,
    CertificationChallenge,
    CertificationCourse,
    CompetenceMark,
    CoursePosition,
)
from pixcertif.lib.admin import ReadOnlyAdmin, ReadOnlyInline


class CoursePositionInline(ReadOnlyInline):
    model = CoursePosition
    fields = ("competence", "level", "pix")
    readonly_fields = fields
    verbose_name_plural = _("Positionnement figé au début du test")


class QuestionInline(ReadOnlyInline):
    model = CertificationChallenge
    fields = ("position", "competence", "challenge", "skill_level", "is_neutralised", "first_shown_at", "focus_lost_at")
    readonly_fields = fields
    ordering = ("position",)


class AnswerInline(ReadOnlyInline):
    model = Answer
    fields = ("question", "status", "value", "answered_at", "elapsed_seconds")
    readonly_fields = fields
    ordering = ("question__position",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Answer]:
        return super().get_queryset(request).select_related("question")


class ResultInline(ReadOnlyInline):
    model = AssessmentResult
    fields = ("created_at", "status", "pix_score", "reproducibility", "emitter", "juror", "error")
    readonly_fields = fields
    show_change_link = True
    verbose_name_plural = _("Résultats (le plus récent en premier)")


@admin.register(CertificationCourse)
class CertificationCourseAdmin(ReadOnlyAdmin):
    """Tests and results change only through services (STYLE.md §12)."""

    list_display = ("id", "candidate", "session", "status", "started_at", "verification_code")
    list_filter = ("status",)
    search_fields = ("=id", "=session__id", "verification_code", "candidate__last_name", "user__email")
    list_select_related = ("candidate", "session")
    readonly_fields = (
        "candidate",
        "session",
        "user",
        "status",
        "max_reachable_level",
        "extra_time_percentage",
        "verification_code",
        "started_at",
        "completed_at",
        "ended_at",
        "abort_reason",
        "resume_authorised_until",
    )
    fields = readonly_fields
    inlines = [CoursePositionInline, QuestionInline, AnswerInline, ResultInline]


class CompetenceMarkInline(ReadOnlyInline):
    model = CompetenceMark
    fields = ("competence", "level", "pix")
    readonly_fields = fields


@admin.register(AssessmentResult)
class AssessmentResultAdmin(ReadOnlyAdmin):
    list_display = ("id", "course", "status", "pix_score", "reproducibility", "emitter", "created_at")
    list_filter = ("status", "emitter")
    search_fields = ("=course__id", "course__verification_code")
    list_select_related = ("course",)
    readonly_fields = (
        "course",
        "status",
        "pix_score",
        "reproducibility",
        "emitter",
        "juror",
        "comment_for_candidate",
        "comment_for_organisation",
        "error",
        "created_at",
    )
    fields = readonly_fields
    inlines = [CompetenceMarkInline]

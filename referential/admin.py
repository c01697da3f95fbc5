from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from pixcertif.lib.admin import ReadOnlyAdmin, ReadOnlyInline
from referential.models import (
    Area,
    Challenge,
    Competence,
    PlacementProfile,
    ProfileCompetence,
    ProfileSkill,
    Skill,
    Tube,
)


class CompetenceInline(ReadOnlyInline):
    model = Competence
    fields = ("code", "name")
    readonly_fields = fields


@admin.register(Area)
class AreaAdmin(ReadOnlyAdmin):
    list_display = ("code", "name")
    inlines = [CompetenceInline]


@admin.register(Competence)
class CompetenceAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "area")
    list_filter = ("area",)
    list_select_related = ("area",)


class ProfileCompetenceInline(ReadOnlyInline):
    model = ProfileCompetence
    fields = ("competence", "level", "pix")
    readonly_fields = fields


class ProfileSkillInline(ReadOnlyInline):
    model = ProfileSkill
    fields = ("skill", "validated")
    readonly_fields = fields
    verbose_name_plural = _("acquis évalués au positionnement")


@admin.register(PlacementProfile)
class PlacementProfileAdmin(ReadOnlyAdmin):
    # Profiles are assessments: a new one is added by an import or a test, never rewritten.
    list_display = ("__str__", "source", "assessed_at", "created_at")
    list_filter = ("source",)
    search_fields = ("student__last_name", "student__ine", "user__email", "user__last_name")
    list_select_related = ("student", "user")
    readonly_fields = ("student", "user", "assessed_at", "source", "created_at")
    inlines = [ProfileCompetenceInline, ProfileSkillInline]


# The content bank is loaded from a file (`load_content`): shown and searched here, never edited by hand.


class SkillInline(ReadOnlyInline):
    model = Skill
    fields = ("name", "level")
    readonly_fields = fields


@admin.register(Tube)
class TubeAdmin(ReadOnlyAdmin):
    list_display = ("name", "competence")
    list_filter = ("competence",)
    list_select_related = ("competence",)
    search_fields = ("name",)
    inlines = [SkillInline]


class ChallengeInline(ReadOnlyInline):
    model = Challenge
    fields = ("external_id", "type", "instruction", "status")
    readonly_fields = fields
    show_change_link = True


@admin.register(Skill)
class SkillAdmin(ReadOnlyAdmin):
    list_display = ("name", "level", "tube")
    list_filter = ("tube__competence", "level")
    list_select_related = ("tube",)
    search_fields = ("name", "tube__name")
    inlines = [ChallengeInline]


class TimedFilter(admin.SimpleListFilter):
    title = _("chronométrée")
    parameter_name = "timed"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, Any]]:
        return [("yes", _("Oui")), ("no", _("Non"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Challenge]) -> QuerySet[Challenge]:
        if self.value() in ("yes", "no"):
            return queryset.filter(timer_seconds__isnull=self.value() == "no")
        return queryset


@admin.register(Challenge)
class ChallengeAdmin(ReadOnlyAdmin):
    list_display = ("external_id", "skill", "type", "instruction_start", "timer_seconds", "is_focus", "status")
    list_filter = ("skill__tube__competence", "type", TimedFilter, "is_focus", "status", "skill__level")
    list_select_related = ("skill",)
    search_fields = ("external_id", "instruction", "skill__name")
    readonly_fields = [f.name for f in Challenge._meta.fields]

    @admin.display(description=_("consigne"))
    def instruction_start(self, obj: Challenge) -> str:
        return obj.instruction if len(obj.instruction) <= 80 else obj.instruction[:79] + "…"

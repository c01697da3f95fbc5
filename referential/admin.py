from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from pixcertif.lib.admin import ReadOnlyInline
from referential.models import Area, Competence, PlacementProfile, ProfileCompetence


class ReadOnlyAdmin(admin.ModelAdmin):
    """The framework is data loaded by a migration: shown, never edited by hand."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


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


@admin.register(PlacementProfile)
class PlacementProfileAdmin(ReadOnlyAdmin):
    # Profiles are assessments: a new one is added by an import or a test, never rewritten.
    list_display = ("__str__", "source", "assessed_at", "created_at")
    list_filter = ("source",)
    search_fields = ("student__last_name", "student__ine", "user__email", "user__last_name")
    list_select_related = ("student", "user")
    readonly_fields = ("student", "user", "assessed_at", "source", "created_at")
    inlines = [ProfileCompetenceInline]

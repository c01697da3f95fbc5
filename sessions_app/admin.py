from __future__ import annotations

from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from pixcertif.lib.admin import ReadOnlyInline
from sessions_app.event_labels import event_label
from sessions_app.models import Session, SessionEvent, SessionStatus


class SessionEventInline(ReadOnlyInline):
    model = SessionEvent
    fields = ("at", "label", "actor", "data")
    readonly_fields = fields
    verbose_name_plural = _("Journal de la session")

    @admin.display(description=_("événement"))
    def label(self, event: SessionEvent) -> str:
        """The French label of the history page (sessions_app/event_labels.py), not the internal code."""
        return event_label(event)


class OverdueFilter(admin.SimpleListFilter):
    """Sessions flagged by the deadline sweep and still not finalised (late finalisation stays possible)."""

    title = _("En retard")
    parameter_name = "en_retard"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin[Session]) -> list[tuple[str, StrOrPromise]]:
        return [("oui", _("Oui")), ("non", _("Non"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Session]) -> QuerySet[Session]:
        overdue = Q(overdue_at__isnull=False, status=SessionStatus.CREATED)
        if self.value() == "oui":
            return queryset.filter(overdue)
        if self.value() == "non":
            return queryset.exclude(overdue)
        return queryset


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ("id", "centre", "date", "time", "address", "room", "status", "finalisation_due_at", "overdue_at")
    list_filter = ("status", OverdueFilter, "centre__type", "date")
    search_fields = ("=id", "centre__name", "address", "room", "supervisors")
    list_select_related = ("centre",)
    date_hierarchy = "date"
    # Status and codes are changed only by services (STYLE.md §12): read-only here.
    readonly_fields = (
        "status",
        "access_code",
        "supervisor_password",
        "finalisation_due_at",
        "started_at",
        "finalisation_reminder_sent_at",
        "overdue_at",
        "finalised_at",
        "published_at",
        "postponed_from",
        "created_by",
        "created_at",
        "updated_at",
    )
    fields = ("centre", "address", "room", "date", "time", "supervisors", "description", *readonly_fields)
    inlines = [SessionEventInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(SessionEvent)
class SessionEventAdmin(admin.ModelAdmin):
    list_display = ("at", "session_number", "centre", "kind", "actor")
    list_filter = ("kind",)
    search_fields = ("=session_number", "centre__name", "actor__email")
    list_select_related = ("centre", "actor")
    readonly_fields = ("session", "session_number", "centre", "kind", "actor", "at", "data")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

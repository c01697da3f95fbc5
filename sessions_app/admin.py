from __future__ import annotations

from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from pixcertif.lib.admin import ReadOnlyAdmin, ReadOnlyInline
from sessions_app.event_kinds import SessionEventKind
from sessions_app.event_labels import event_details, event_label
from sessions_app.models import Session, SessionEvent, SessionStatus


class EventDisplay:
    """The event's French label and details (sessions_app/event_labels.py), not its code and raw JSON."""

    @admin.display(description=_("événement"))
    def label(self, event: SessionEvent) -> str:
        return event_label(event)

    @admin.display(description=_("détails"))
    def details(self, event: SessionEvent) -> str:
        return event_details(event) or "—"


class SessionEventInline(EventDisplay, ReadOnlyInline):
    model = SessionEvent
    fields = ("at", "label", "actor", "details")
    readonly_fields = fields
    verbose_name_plural = _("Journal de la session")


class KindFilter(admin.SimpleListFilter):
    """The kinds of event by their French labels, not their codes."""

    title = _("événement")
    parameter_name = "kind"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin[SessionEvent]) -> list[tuple[str, str]]:
        return sorted(((kind, str(label)) for kind, label in SessionEventKind.choices), key=lambda item: item[1])

    def queryset(self, request: HttpRequest, queryset: QuerySet[SessionEvent]) -> QuerySet[SessionEvent]:
        return queryset.filter(kind=self.value()) if self.value() else queryset


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
class SessionAdmin(ReadOnlyAdmin):
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


@admin.register(SessionEvent)
class SessionEventAdmin(EventDisplay, ReadOnlyAdmin):
    list_display = ("at", "session_number", "centre", "label", "actor")
    list_filter = (KindFilter,)
    search_fields = ("=session_number", "centre__name", "actor__email")
    list_select_related = ("centre", "actor")
    fields = ("session", "session_number", "centre", "label", "code", "actor", "at", "details")
    readonly_fields = fields

    @admin.display(description=_("code"))
    def code(self, event: SessionEvent) -> str:
        return event.kind  # what the services write and the filter's URL carries, next to its label

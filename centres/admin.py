from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from centres.event_labels import centre_event_details, centre_event_label
from centres.models import CalendarWindow, CentreEvent, CertificationCentre, Derogation, Invitation, Membership
from pixcertif.lib.admin import ReadOnlyInline


class MembershipInline(ReadOnlyInline):
    # Roles and removals go through the centre's services (last-admin rule), not the admin.
    model = Membership
    fields = ("user", "role", "is_referent", "created_at", "disabled_at")
    readonly_fields = fields


class DerogationInline(admin.TabularInline):
    model = Derogation
    extra = 0
    fields = ("starts_on", "ends_on", "reason", "granted_by", "created_at")
    readonly_fields = ("granted_by", "created_at")


class CentreEventInline(ReadOnlyInline):
    model = CentreEvent
    fields = ("at", "label", "actor", "details")
    readonly_fields = fields

    @admin.display(description=_("événement"))
    def label(self, event: CentreEvent) -> str:
        return centre_event_label(event)

    @admin.display(description=_("détails"))
    def details(self, event: CentreEvent) -> str:
        """French labels (centres/event_labels.py), not the raw JSON."""
        return centre_event_details(event) or "—"


@admin.register(CertificationCentre)
class CertificationCentreAdmin(admin.ModelAdmin):
    list_display = ("name", "type", "sco_subtype", "uai", "created_at")
    list_filter = ("type", "sco_subtype")
    search_fields = ("name", "uai")
    inlines = [MembershipInline, DerogationInline, CentreEventInline]

    def save_formset(self, request: HttpRequest, form: object, formset: object, change: bool) -> None:
        # Record which staff member granted each derogation.
        for obj in formset.save(commit=False):  # type: ignore[attr-defined]
            if isinstance(obj, Derogation) and obj.granted_by_id is None:
                obj.granted_by = request.user  # type: ignore[assignment]  # admin users are authenticated
            obj.save()
        for obj in formset.deleted_objects:  # type: ignore[attr-defined]
            obj.delete()
        formset.save_m2m()  # type: ignore[attr-defined]


@admin.register(CalendarWindow)
class CalendarWindowAdmin(admin.ModelAdmin):
    list_display = ("campaign", "sco_subtype", "access_opens_on", "sessions_start", "sessions_end")
    list_filter = ("campaign", "sco_subtype")


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("email", "centre", "role", "created_at", "expires_at", "accepted_at", "cancelled_at")
    list_filter = ("role",)
    search_fields = ("email", "centre__name")
    readonly_fields = [f.name for f in Invitation._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "centre", "role", "is_referent", "disabled_at")
    list_filter = ("role", "is_referent")
    search_fields = ("user__email", "centre__name")
    list_select_related = ("user", "centre")
    autocomplete_fields = ("user", "centre")

    def get_readonly_fields(self, request: HttpRequest, obj: Membership | None = None) -> tuple[str, ...]:
        # Staff may add the first member of a centre; later changes follow the centre's rules.
        return ("user", "centre", "role", "is_referent", "disabled_at") if obj else ()

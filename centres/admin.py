from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import User
from accounts.requests import request_user
from centres import services
from centres.event_labels import centre_event_details
from centres.models import CalendarWindow, CentreEvent, CertificationCentre, Derogation, Invitation, Membership, Role
from pixcertif.lib.admin import ReadOnlyAdmin, ReadOnlyInline


class MembershipInline(ReadOnlyInline):
    # Shown here; changed by the actions of the members list, through centres.services (last-admin rule).
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
        return event.get_kind_display()

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

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is not Derogation:
            super().save_formset(request, form, formset, change)
            return
        # Derogations go through centres.services: who granted each, and a CentreEvent for every change.
        by = request_user(request)
        formset.save(commit=False)
        for derogation in formset.new_objects:
            services.derogation_grant(
                centre=form.instance,
                starts_on=derogation.starts_on,
                ends_on=derogation.ends_on,
                reason=derogation.reason,
                by=by,
            )
        for derogation, _fields in formset.changed_objects:
            services.derogation_update(
                derogation=derogation,
                starts_on=derogation.starts_on,
                ends_on=derogation.ends_on,
                reason=derogation.reason,
                by=by,
            )
        for derogation in formset.deleted_objects:
            services.derogation_withdraw(derogation=derogation, by=by)


@admin.register(CalendarWindow)
class CalendarWindowAdmin(admin.ModelAdmin):
    list_display = ("campaign", "sco_subtype", "access_opens_on", "sessions_start", "sessions_end")
    list_filter = ("campaign", "sco_subtype")


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    """Sent and cancelled by the centre's administrators (centres.services, audited): browsable here."""

    list_display = ("email", "centre", "role", "created_at", "expires_at", "accepted_at", "cancelled_at")
    list_filter = ("role",)
    search_fields = ("email", "centre__name")


class MembershipAddForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ("user", "centre", "role")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("user") and cleaned.get("centre"):
            try:
                services.membership_check_new(centre=cleaned["centre"], user=cleaned["user"])
            except services.CentreError as error:
                raise forms.ValidationError(error.message) from error
        return cleaned

    def validate_constraints(self) -> None:
        # The one-active-membership rule is the service's, with its French message (clean above).
        pass


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """Pix staff add, promote, name the referent and remove members through the same services as the
    centre's page (centres.services: last-admin rule, one referent, a CentreEvent each), never by editing
    the row: a membership is added here, then changed only by the actions of the list.
    """

    list_display = ("user", "centre", "role", "is_referent", "disabled_at")
    list_filter = ("role", "is_referent")
    search_fields = ("user__email", "centre__name")
    list_select_related = ("user", "centre")
    autocomplete_fields = ("user", "centre")
    form = MembershipAddForm
    actions = ["make_admin", "make_member", "name_referent", "remove"]
    readonly_fields = ("user", "centre", "role", "is_referent", "created_at", "disabled_at")

    def get_readonly_fields(self, request: HttpRequest, obj: Membership | None = None) -> tuple[str, ...]:
        return self.readonly_fields if obj else ()

    def get_fields(self, request: HttpRequest, obj: Membership | None = None) -> tuple[str, ...]:
        return self.readonly_fields if obj else ("user", "centre", "role")

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # « Retirer du centre » keeps the row, as on the centre's page

    def has_manage_permission(self, request: HttpRequest) -> bool:
        return request.user.is_staff and request.user.has_perm(services.STAFF_MANAGES_MEMBERS)

    def save_model(self, request: HttpRequest, obj: Membership, form: forms.ModelForm, change: bool) -> None:
        created = services.membership_create(centre=obj.centre, user=obj.user, role=obj.role, by=request_user(request))
        obj.pk = created.pk

    def _each(
        self,
        request: HttpRequest,
        queryset: QuerySet[Membership],
        change: Callable[[Membership, User], object],
        done: Callable[[int], str],
    ) -> None:
        by = request_user(request)
        count = 0
        for membership in queryset.select_related("user", "centre"):
            try:
                change(membership, by)
            except services.CentreError as error:
                messages.error(request, f"{membership.user} — {membership.centre} : {error.message}")
            else:
                count += 1
        if count:
            messages.success(request, done(count) % {"count": count})

    @admin.action(description=_("Passer administrateur du centre"), permissions=["manage"])
    def make_admin(self, request: HttpRequest, queryset: QuerySet[Membership]) -> None:
        self._each(
            request,
            queryset,
            lambda m, by: services.membership_change_role(membership=m, role=Role.ADMIN, by=by),
            lambda n: ngettext("Rôle modifié pour %(count)d membre.", "Rôle modifié pour %(count)d membres.", n),
        )

    @admin.action(description=_("Passer membre du centre"), permissions=["manage"])
    def make_member(self, request: HttpRequest, queryset: QuerySet[Membership]) -> None:
        self._each(
            request,
            queryset,
            lambda m, by: services.membership_change_role(membership=m, role=Role.MEMBER, by=by),
            lambda n: ngettext("Rôle modifié pour %(count)d membre.", "Rôle modifié pour %(count)d membres.", n),
        )

    @admin.action(description=_("Désigner comme référent Pix"), permissions=["manage"])
    def name_referent(self, request: HttpRequest, queryset: QuerySet[Membership]) -> None:
        self._each(
            request,
            queryset,
            lambda m, by: services.membership_set_referent(membership=m, by=by),
            lambda n: ngettext(
                "Référent Pix désigné pour %(count)d centre.", "Référent Pix désigné pour %(count)d centres.", n
            ),
        )

    @admin.action(description=_("Retirer du centre"), permissions=["manage"])
    def remove(self, request: HttpRequest, queryset: QuerySet[Membership]) -> None:
        self._each(
            request,
            queryset,
            lambda m, by: services.membership_remove(membership=m, by=by),
            lambda n: ngettext("%(count)d membre retiré du centre.", "%(count)d membres retirés du centre.", n),
        )

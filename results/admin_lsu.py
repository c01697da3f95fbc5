"""Staff back office of the record-book (LSU/LSL) API: the API clients and the per-school exports.

A client's secret is generated here, stored hashed and shown once (an admin message) at creation or
when staff generate a new one. The exports list shows each school's last refresh and queues one on
demand (« Rafraîchir maintenant »). See docs/lsu-api.md.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from centres.models import CentreType, CertificationCentre
from results.api_tokens import api_client_create, api_client_secret_reset
from results.models import ApiClient, SchoolExport
from results.school_exports import CERTIFICATIONS_SCOPE, KNOWN_SCOPES, is_valid_uai, school_exports_refresh_later


class ApiClientForm(forms.ModelForm):
    class Meta:
        model = ApiClient
        fields = ["client_id", "name", "scopes", "is_enabled"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The one scope a record-book client needs (LSU-API.md §1), offered rather than left to guess.
        self.fields["scopes"].initial = CERTIFICATIONS_SCOPE

    def clean_scopes(self) -> str:
        scopes = self.cleaned_data["scopes"].split()
        unknown = sorted(set(scopes) - KNOWN_SCOPES)
        if unknown:
            raise forms.ValidationError(
                _("Périmètre inconnu : %(scope)s. Périmètres possibles : %(known)s."),
                params={"scope": unknown[0], "known": ", ".join(sorted(KNOWN_SCOPES))},
            )
        if not scopes:
            raise forms.ValidationError(_("Indiquez au moins un périmètre."))
        return " ".join(scopes)


def _show_secret(request: HttpRequest, client: ApiClient, secret: str) -> None:
    messages.warning(
        request,
        _(
            "Secret du client « %(client)s » : %(secret)s — copiez-le maintenant, il ne sera plus jamais affiché "
            "(seule son empreinte est conservée)."
        )
        % {"client": client.client_id, "secret": secret},
    )


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    form = ApiClientForm
    list_display = ["client_id", "name", "scopes", "is_enabled", "created_at", "last_used_at"]
    list_filter = ["is_enabled"]
    search_fields = ["client_id", "name"]
    actions = ["generate_new_secret"]

    def get_readonly_fields(self, request: HttpRequest, obj: ApiClient | None = None) -> tuple[str, ...]:
        if obj is None:
            return ()
        return ("client_id", "created_at", "last_used_at")

    def save_model(self, request: HttpRequest, obj: ApiClient, form: forms.ModelForm, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        client, secret = api_client_create(
            client_id=obj.client_id, name=obj.name, scopes=obj.scopes, is_enabled=obj.is_enabled
        )
        form.instance = client  # the admin's log and redirect use the saved row
        obj.pk, obj.secret_hash, obj.created_at = client.pk, client.secret_hash, client.created_at
        _show_secret(request, client, secret)

    @admin.action(
        description=gettext_lazy("Générer un nouveau secret (l'ancien cesse de fonctionner)"), permissions=["change"]
    )
    def generate_new_secret(self, request: HttpRequest, queryset: QuerySet[ApiClient]) -> None:
        for client in queryset:
            _show_secret(request, client, api_client_secret_reset(client=client))


class SchoolExportAddForm(forms.ModelForm):
    class Meta:
        model = SchoolExport
        fields = ["uai"]

    def clean_uai(self) -> str:
        uai = self.cleaned_data["uai"].strip().upper()
        if not is_valid_uai(uai):
            raise forms.ValidationError(_("Un UAI s'écrit avec 7 chiffres et une lettre, par exemple 0751234A."))
        if SchoolExport.objects.filter(uai=uai).exists():
            raise forms.ValidationError(_("Cet établissement a déjà un export."))
        return uai


@admin.register(SchoolExport)
class SchoolExportAdmin(admin.ModelAdmin):
    list_display = [
        "uai",
        "school_name",
        "certification_count",
        "requested_at",
        "refreshed_at",
        "duration_ms",
        "short_error",
    ]
    search_fields = ["uai"]
    actions = ["refresh_now"]
    readonly_fields = [
        "uai",
        "certification_count",
        "requested_at",
        "refreshed_at",
        "duration_ms",
        "error",
        "certifications_json",
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[SchoolExport]:
        # The school's name as a subquery: the list stays at a constant number of queries.
        names = CertificationCentre.objects.filter(uai__iexact=OuterRef("uai"), type=CentreType.SCO).values("name")
        return super().get_queryset(request).annotate(school=Subquery(names[:1]))

    def get_form(
        self, request: HttpRequest, obj: SchoolExport | None = None, change: bool = False, **kwargs: Any
    ) -> Any:
        if obj is None:
            kwargs["form"] = SchoolExportAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_readonly_fields(self, request: HttpRequest, obj: SchoolExport | None = None) -> list[str]:
        return self.readonly_fields if obj is not None else []

    def get_fields(self, request: HttpRequest, obj: SchoolExport | None = None) -> tuple[str, ...]:
        return tuple(self.readonly_fields) if obj is not None else ("uai",)

    def has_change_permission(self, request: HttpRequest, obj: SchoolExport | None = None) -> bool:
        return False if obj is not None else super().has_change_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: SchoolExport, form: forms.ModelForm, change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            school_exports_refresh_later(uais=[obj.uai])

    @admin.display(description=gettext_lazy("établissement"), ordering="school")
    def school_name(self, obj: SchoolExport) -> str:
        return getattr(obj, "school", None) or "—"

    @admin.display(description=gettext_lazy("dernière erreur"))
    def short_error(self, obj: SchoolExport) -> str:
        return obj.error[:80]

    @admin.action(description=gettext_lazy("Rafraîchir maintenant"), permissions=["view"])
    def refresh_now(self, request: HttpRequest, queryset: QuerySet[SchoolExport]) -> None:
        uais = list(queryset.values_list("uai", flat=True))
        with transaction.atomic():
            school_exports_refresh_later(uais=uais, now=timezone.now())
        messages.success(
            request,
            _("Rafraîchissement demandé pour %(count)d établissement(s) : il se fait en arrière-plan.")
            % {"count": len(uais)},
        )

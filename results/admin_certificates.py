"""The certificate batches of the sessions, read-only for Pix staff: status, count, dates, error."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy

from pixcertif.lib.admin import ReadOnlyAdmin
from results.models import CertificateBatch


@admin.register(CertificateBatch)
class CertificateBatchAdmin(ReadOnlyAdmin):
    list_display = ("session", "status", "certificate_count", "requested_at", "built_at")
    list_filter = ("status",)
    list_select_related = ("session",)
    search_fields = ("=session__pk",)
    ordering = ("-requested_at",)
    fields = ("session", "status", "certificate_count", "requested_at", "built_at", "stored_file", "error")
    readonly_fields = fields

    @admin.display(description=gettext_lazy("fichier"))
    def stored_file(self, obj: CertificateBatch) -> str:
        # The name only: the media are not served; the centre downloads through its results page.
        return obj.file.name or "—"

    def _is_staff(self, request: HttpRequest) -> bool:
        # Whoever sees the staff session queues sees the batches (the Jury and Support groups).
        user = request.user
        return (
            user.is_active
            and user.is_staff
            and (user.has_perm("results.view_certificatebatch") or user.has_perm("results.view_staffsession"))
        )

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._is_staff(request)

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return self._is_staff(request)

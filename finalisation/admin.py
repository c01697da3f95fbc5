from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from finalisation.models import IssueReport
from pixcertif.lib.admin import ReadOnlyAdmin


@admin.register(IssueReport)
class IssueReportAdmin(ReadOnlyAdmin):
    """Read-only for now: reports are recorded by services; their resolution comes with issue 5."""

    list_display = ("created_at", "candidate", "code", "question_number", "source", "is_impactful", "resolved_at")
    list_filter = ("code", "source")
    search_fields = ("=candidate__session__id", "candidate__last_name", "candidate__first_name", "description")
    list_select_related = ("candidate",)
    readonly_fields = (
        "candidate",
        "course",
        "code",
        "question_number",
        "description",
        "source",
        "created_by",
        "created_at",
        "resolved_at",
        "resolution",
    )

    @admin.display(boolean=True, description=_("impactant"))
    def is_impactful(self, obj: IssueReport) -> bool:
        return obj.is_impactful

from __future__ import annotations

from django.contrib import admin

from candidates.models import Candidate


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin):
    list_display = ("last_name", "first_name", "birthdate", "session", "extra_time_percentage")
    search_fields = ("last_name", "first_name", "=session__id")
    list_select_related = ("session",)
    readonly_fields = ("identity_key", "created_at")

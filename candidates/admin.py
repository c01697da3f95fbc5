from __future__ import annotations

from django.contrib import admin

from candidates.models import BirthCountry, BirthplaceCommune, Candidate
from pixcertif.lib.admin import ReadOnlyAdmin


@admin.register(Candidate)
class CandidateAdmin(ReadOnlyAdmin):
    """Browsable by Pix staff, never edited here, even by a superuser.

    A candidate is changed by the centre through ``candidates.services`` (audited, the identity key
    recomputed, refused once the candidate has joined): a save from the admin bypassed all three and left
    a stale identity key, after which the candidate could not join (issue 17). Jury decisions live in the
    results admin.
    """

    list_display = ("last_name", "first_name", "birthdate", "session", "extra_time_percentage")
    search_fields = ("last_name", "first_name", "=session__id")
    list_select_related = ("session",)


class _ReadOnlyReferenceAdmin(ReadOnlyAdmin):
    """Reference data loaded by `manage.py load_birthplaces`: browsable, never edited by hand."""


@admin.register(BirthCountry)
class BirthCountryAdmin(_ReadOnlyReferenceAdmin):
    list_display = ("insee_code", "name")
    search_fields = ("name", "=insee_code", "match_key")
    ordering = ("name",)


@admin.register(BirthplaceCommune)
class BirthplaceCommuneAdmin(_ReadOnlyReferenceAdmin):
    list_display = ("name", "insee_code", "postal_code")
    search_fields = ("name", "=insee_code", "=postal_code", "match_key")
    ordering = ("insee_code", "postal_code")
    show_full_result_count = False  # ~38 000 rows: skip the extra COUNT(*) on every search

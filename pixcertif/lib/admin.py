"""The admin's read-only building blocks, shared by every app (the ground floor: it imports no app).

What a service guards (audit, identity keys, status) is shown in the admin, never changed there
(STYLE.md §12): such a model's admin is a ``ReadOnlyAdmin``, its audit inlines ``ReadOnlyInline``s.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest


class ReadOnlyAdmin(admin.ModelAdmin):
    """Browsable, never added, changed or deleted here, even by a superuser (a POST gets 403)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    """An audit inline: shown, never added to nor changed."""

    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.models import Throttle, User
from accounts.throttle import stored_key


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ("email",)
    list_display = ("email", "first_name", "last_name", "is_staff", "is_active", "last_login")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups")
    search_fields = ("email", "first_name", "last_name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Identité"), {"fields": ("first_name", "last_name")}),
        (_("Droits"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


@admin.register(Throttle)
class ThrottleAdmin(admin.ModelAdmin):
    """Staff see which accounts and session numbers are being guessed; the counts change only through accounts.throttle.

    Keys from the outside world (addresses, e-mails) are stored hashed: a search for « 203.0.113.7 » or
    « adresse:lea@exemple.fr » finds their row by hashing the term for each scope.
    """

    list_display = ("scope", "key", "failures", "window_started_at", "locked_until", "lock_count")
    list_filter = ("scope",)
    search_fields = ("=key",)
    readonly_fields = list_display

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Throttle], search_term: str
    ) -> tuple[QuerySet[Throttle], bool]:
        found, duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if not term:
            return found, duplicates
        scopes = set(queryset.values_list("scope", flat=True).distinct())
        return found | queryset.filter(key__in=[stored_key(scope, term) for scope in scopes]), duplicates

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

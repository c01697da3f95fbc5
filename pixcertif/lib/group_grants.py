"""Permissions given to the Pix staff groups by data migrations (results/migrations/0002, 0004, 0005).

Grants are written ``{"Jury": ["app_label.codename", …]}``; the migrations pass their historical ``apps``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

Grants = Mapping[str, Iterable[str]]


def _permissions_create(apps: Any) -> None:
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after the last migration (post_migrate): create them now.
    for app_config in apps.get_app_configs():
        # A migration's app configs are stubs without models_module; put back whatever was there.
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        try:
            create_permissions(app_config, apps=apps, verbosity=0)
        finally:
            app_config.models_module = models_module


def _permissions(apps: Any, codes: Iterable[str]) -> list[Any]:
    permission_model = apps.get_model("auth", "Permission")
    found = []
    for code in codes:
        app_label, codename = code.split(".")
        found.append(permission_model.objects.get(content_type__app_label=app_label, codename=codename))
    return found


def groups_grant(apps: Any, grants: Grants) -> None:
    """Create the groups if needed and add the permissions to them."""
    _permissions_create(apps)
    group_model = apps.get_model("auth", "Group")
    for name, codes in grants.items():
        group, _created = group_model.objects.get_or_create(name=name)
        group.permissions.add(*_permissions(apps, codes))


def groups_revoke(apps: Any, grants: Grants) -> None:
    """Take the permissions back (the reverse of a later grant; the groups stay)."""
    group_model = apps.get_model("auth", "Group")
    for name, codes in grants.items():
        group = group_model.objects.filter(name=name).first()
        if group is not None:
            group.permissions.remove(*_permissions(apps, codes))

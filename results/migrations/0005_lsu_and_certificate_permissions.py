"""The staff groups' rights on the LSU/LSL exports, the API clients and the certificate batches.

Both groups see the per-school exports (and may ask for a refresh, a « view » action) and the certificate
batches; « Support » manages the record-book API clients (docs/lsu-api.md). Granted on top of 0002 and 0004.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

GRANTS = {
    "Jury": ["results.view_schoolexport", "results.view_certificatebatch"],
    "Support": [
        "results.view_schoolexport",
        "results.view_certificatebatch",
        "results.view_apiclient",
        "results.add_apiclient",
        "results.change_apiclient",
    ],
}


def grant(apps: Any, schema_editor: Any) -> None:
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after the last migration (post_migrate): create them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in GRANTS.items():
        group, _created = Group.objects.get_or_create(name=name)
        for code in codes:
            app_label, codename = code.split(".")
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


def revoke(apps: Any, schema_editor: Any) -> None:
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        for code in codes:
            app_label, codename = code.split(".")
            group.permissions.remove(*Permission.objects.filter(content_type__app_label=app_label, codename=codename))


class Migration(migrations.Migration):
    dependencies = [
        ("results", "0004_jury_permission"),
    ]

    operations = [migrations.RunPython(grant, revoke)]

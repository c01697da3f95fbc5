"""The jury's permission on a certification (results.jury_certification), given to the « Jury » group.

Granted on top of results/migrations/0002_staff_groups.py; the admin page per certification requires it.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

GRANTS = {"Jury": ["results.jury_certification"]}


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
        ("results", "0003_certificates_and_lsu"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="staffsession",
            options={
                "permissions": [
                    ("assign_session", "Peut s'assigner une session"),
                    ("unfinalise_session", "Peut définaliser une session"),
                    ("publish_session", "Peut publier et dépublier les résultats d'une session"),
                    ("jury_certification", "Peut modifier une certification (actions du jury)"),
                ],
                "verbose_name": "session (équipe Pix)",
                "verbose_name_plural": "Toutes les sessions",
            },
        ),
        migrations.RunPython(grant, revoke),
    ]

"""The jury's permission on a certification (results.jury_certification), given to the « Jury » group.

Granted on top of results/migrations/0002_staff_groups.py; the admin page per certification requires it.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

from pixcertif.lib.group_grants import groups_grant, groups_revoke

GRANTS = {"Jury": ["results.jury_certification"]}


def grant(apps: Any, schema_editor: Any) -> None:
    groups_grant(apps, GRANTS)


def revoke(apps: Any, schema_editor: Any) -> None:
    groups_revoke(apps, GRANTS)


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

"""« Support » adds members to a centre and manages them from the admin, through centres.services (issue 17).

The membership admin has no edit form: ``centres.change_membership`` only opens its actions (promote, demote,
name the referent, remove), each the centre page's service with its rules and its CentreEvent.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

from pixcertif.lib.group_grants import groups_grant, groups_revoke

GRANTS = {"Support": ["centres.add_membership", "centres.change_membership"]}


def grant(apps: Any, schema_editor: Any) -> None:
    groups_grant(apps, GRANTS)


def revoke(apps: Any, schema_editor: Any) -> None:
    groups_revoke(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("results", "0005_lsu_and_certificate_permissions"),
    ]

    operations = [migrations.RunPython(grant, revoke)]

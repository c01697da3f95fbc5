"""The staff groups' rights on the LSU/LSL exports, the API clients and the certificate batches.

Both groups see the per-school exports (and may ask for a refresh, a « view » action) and the certificate
batches; « Support » manages the record-book API clients (docs/lsu-api.md). Granted on top of 0002 and 0004.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

from pixcertif.lib.group_grants import groups_grant, groups_revoke

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
    groups_grant(apps, GRANTS)


def revoke(apps: Any, schema_editor: Any) -> None:
    groups_revoke(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("results", "0004_jury_permission"),
    ]

    operations = [migrations.RunPython(grant, revoke)]

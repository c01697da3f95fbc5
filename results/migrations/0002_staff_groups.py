"""The Pix staff roles as Django groups (docs/back-office.md): « Jury » and « Support».

Both read everything a session's processing needs; neither gets a model « change » permission: every
change goes through an admin action calling a service, gated by the custom permissions of StaffSession.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

from pixcertif.lib.group_grants import groups_grant

READ = [
    "sessions_app.view_session",
    "sessions_app.view_sessionevent",
    "results.view_staffsession",
    "results.view_sessiontoprocess",
    "results.view_sessiontopublish",
    "finalisation.view_issuereport",
    "finalisation.view_sessionfinalisation",
    "finalisation.view_certificationreport",
    "certification.view_certificationcourse",
    "certification.view_answer",
    "certification.view_assessmentresult",
    "certification.view_competencemark",
    "candidates.view_candidate",
    "centres.view_certificationcentre",
]
GROUPS = {
    "Jury": [*READ, "results.assign_session", "results.publish_session"],
    "Support": [
        *READ,
        "results.assign_session",
        "results.unfinalise_session",
        "accounts.view_user",
        "centres.view_membership",
        "centres.view_invitation",
    ],
}


def create_groups(apps: Any, schema_editor: Any) -> None:
    groups_grant(apps, GROUPS)


def delete_groups(apps: Any, schema_editor: Any) -> None:
    apps.get_model("auth", "Group").objects.filter(name__in=list(GROUPS)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("results", "0001_staff_queues"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("accounts", "0002_throttle"),
        ("sessions_app", "0004_assigned_to"),
        ("finalisation", "0002_finalisation"),
        ("certification", "0001_initial"),
        ("candidates", "0003_supervision_fields"),
        ("centres", "0003_student"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]

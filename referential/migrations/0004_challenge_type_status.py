"""Challenges carry Pix's type QROCM-dep and tell validated, archived and obsolete apart (issue 14).

Until now « archived » meant « no longer in the bank file »: those challenges become obsolete (never
drawn), so that nothing changes for them; « archived » now means Pix's archived status, still drawable.
"""

from django.db import migrations, models


def archived_to_obsolete(apps, schema_editor):  # type: ignore[no-untyped-def]
    Challenge = apps.get_model("referential", "Challenge")
    Challenge.objects.filter(status="archived").update(status="obsolete")


def obsolete_to_archived(apps, schema_editor):  # type: ignore[no-untyped-def]
    Challenge = apps.get_model("referential", "Challenge")
    Challenge.objects.filter(status="obsolete").update(status="archived")


class Migration(migrations.Migration):
    dependencies = [("referential", "0003_content_bank")]

    operations = [
        migrations.RemoveConstraint(model_name="challenge", name="challenge_type_valid"),
        migrations.RemoveConstraint(model_name="challenge", name="challenge_status_valid"),
        migrations.RemoveConstraint(model_name="challenge", name="challenge_archived_at_only_archived"),
        migrations.AlterField(
            model_name="challenge",
            name="type",
            field=models.CharField(
                choices=[
                    ("QCU", "Choix unique"),
                    ("QCM", "Choix multiple"),
                    ("QROC", "Réponse courte"),
                    ("QROCM-dep", "Réponses courtes dépendantes"),
                ],
                max_length=16,
                verbose_name="type",
            ),
        ),
        migrations.AlterField(
            model_name="challenge",
            name="status",
            field=models.CharField(
                choices=[("validated", "Validée"), ("archived", "Archivée"), ("obsolete", "Périmée")],
                default="validated",
                max_length=16,
                verbose_name="statut",
            ),
        ),
        migrations.AlterField(
            model_name="challenge",
            name="archived_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="retirée le"),
        ),
        migrations.RunPython(archived_to_obsolete, obsolete_to_archived),
        migrations.AddConstraint(
            model_name="challenge",
            constraint=models.CheckConstraint(
                condition=models.Q(("type__in", ["QCU", "QCM", "QROC", "QROCM-dep"])), name="challenge_type_valid"
            ),
        ),
        migrations.AddConstraint(
            model_name="challenge",
            constraint=models.CheckConstraint(
                condition=models.Q(("status__in", ["validated", "archived", "obsolete"])),
                name="challenge_status_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="challenge",
            constraint=models.CheckConstraint(
                condition=models.Q(("status__in", ("archived", "obsolete")), ("archived_at__isnull", True), _connector="OR"),
                name="challenge_archived_at_only_retired",
            ),
        ),
    ]

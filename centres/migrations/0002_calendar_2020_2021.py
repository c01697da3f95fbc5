"""The FAQ's 2020-21 campaign calendar, kept as data that staff edit in the admin."""

import datetime as dt

from django.db import migrations

WINDOWS = [
    ("lycee", dt.date(2021, 1, 4), dt.date(2021, 1, 11), dt.date(2021, 5, 20)),
    ("college", dt.date(2021, 2, 15), dt.date(2021, 3, 8), dt.date(2021, 5, 12)),
    ("agriculture", dt.date(2021, 3, 1), dt.date(2021, 3, 15), dt.date(2021, 5, 20)),
]


def forwards(apps, schema_editor):
    CalendarWindow = apps.get_model("centres", "CalendarWindow")
    for subtype, access, start, end in WINDOWS:
        CalendarWindow.objects.update_or_create(
            campaign="2020-2021",
            sco_subtype=subtype,
            defaults={"access_opens_on": access, "sessions_start": start, "sessions_end": end},
        )


def backwards(apps, schema_editor):
    apps.get_model("centres", "CalendarWindow").objects.filter(campaign="2020-2021").delete()


class Migration(migrations.Migration):
    dependencies = [("centres", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]

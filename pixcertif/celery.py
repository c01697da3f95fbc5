"""The one Celery app of pixcertif; every periodic schedule lives here."""

from __future__ import annotations

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pixcertif.settings")

app = Celery("pixcertif")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Periodic sweeps select due rows and apply idempotent transitions (DESIGN.md, "Background work").
app.conf.beat_schedule = {
    "finalisation-deadlines-sweep": {
        "task": "finalisation.tasks.finalisation_deadlines_sweep_task",
        "schedule": 60.0,
        # A sweep left in the queue while no worker ran is superseded by the next one.
        "options": {"expires": 55},
    },
    # Work queued on commit that the broker never got (Redis down): done late, once (docs/reliability.md).
    "courses-unscored-sweep": {
        "task": "certification.tasks.courses_unscored_sweep_task",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    "auto-jury-sweep": {
        "task": "finalisation.tasks.auto_jury_sweep_task",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    "scanned-documents-purge": {
        "task": "finalisation.tasks.scanned_documents_purge_task",
        "schedule": crontab(hour=3, minute=0),  # CELERY_TIMEZONE: Europe/Paris
    },
    "certificate-files-orphans-purge": {
        "task": "results.tasks.certificate_files_orphans_purge_task",
        "schedule": crontab(hour=3, minute=45),  # docs/certificats.md
    },
    "personal-data-purge": {
        "task": "candidates.tasks.personal_data_purge_task",
        "schedule": crontab(hour=3, minute=30),  # docs/donnees-personnelles.md
    },
}

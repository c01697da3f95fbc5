"""The one Celery app of pixcertif; every periodic schedule lives here."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pixcertif.settings")

app = Celery("pixcertif")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Periodic sweeps select due rows and apply idempotent transitions (DESIGN.md, "Background work").
app.conf.beat_schedule = {}

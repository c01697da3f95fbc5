"""The Celery app as the chaos suite runs it: pixcertif's own app, plus two things for the faults only.

* ``CHAOS_PAUSE_ON=<app_label.Model>[,…]``: right after the worker saves such a row (inside the task's
  transaction, so mid-way through the task), it drops a marker file in ``CHAOS_PAUSE_DIR`` and sleeps, for
  the suite to SIGKILL it there (once: the redelivered task then runs to its end). Nothing of this exists outside ``celery -A chaos.worker_app``.
* The periodic sweeps run every few seconds instead of every minute, so that a short run sees them.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from django.db.models.signals import post_save

from pixcertif.celery import app

__all__ = ["app"]

SWEEP_SECONDS = float(os.environ.get("CHAOS_SWEEP_SECONDS", "3"))

for entry in app.conf.beat_schedule.values():
    if isinstance(entry["schedule"], float):  # the minute sweeps; the daily purge keeps its crontab
        entry["schedule"] = SWEEP_SECONDS
        entry.setdefault("options", {})["expires"] = SWEEP_SECONDS * 3


def _pause(sender: Any, instance: Any, created: bool = False, **kwargs: Any) -> None:
    pause_dir = Path(os.environ["CHAOS_PAUSE_DIR"])
    if any(pause_dir.iterdir()):
        return  # once per run of the suite's step: a redelivered task then runs to its end
    marker = pause_dir / f"{os.getpid()}-{sender._meta.label}-{instance.pk}"
    marker.write_text(str(os.getpid()))
    time.sleep(float(os.environ.get("CHAOS_PAUSE_SECONDS", "60")))


for label in filter(None, os.environ.get("CHAOS_PAUSE_ON", "").split(",")):
    post_save.connect(_pause, sender=label, weak=False, dispatch_uid=f"chaos-pause-{label}")

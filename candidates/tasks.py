from __future__ import annotations

from celery import shared_task

from candidates.retention import personal_data_purge


@shared_task(acks_late=True)
def personal_data_purge_task() -> dict[str, int]:
    """Daily at 03:30 (beat): the retention schedule of docs/donnees-personnelles.md."""
    return personal_data_purge().as_dict()

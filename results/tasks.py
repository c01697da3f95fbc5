"""Celery tasks of the results app: thin wrappers over services, taking ids, safe to run twice."""

from __future__ import annotations

from celery import shared_task

from results.services_certificates import certificate_batch_build


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, retry_backoff_max=600, max_retries=5)
def certificate_batch_build_task(session_id: int) -> int | None:
    """Queued on commit by ``certificate_batch_request``; a failure is stored on the batch, then retried."""
    batch = certificate_batch_build(session_id=session_id)
    return batch.certificate_count if batch else None

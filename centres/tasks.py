from __future__ import annotations

from celery import shared_task

from centres.emails import invitation_email_send


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def invitation_send_email(invitation_id: int, token: str) -> bool:
    return invitation_email_send(invitation_id=invitation_id, token=token)

from __future__ import annotations

from celery import shared_task

from accounts.password_reset import password_reset_email_send
from accounts.signup import account_signup_email_send


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def account_signup_email_task(email: str, next_url: str = "") -> str:
    """The sign-up e-mail, out of the request: the page answers as fast for a known address as for a new one."""
    return account_signup_email_send(email=email, next_url=next_url)


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def password_reset_email_task(email: str, site: str) -> None:
    """The forgotten-password e-mail, out of the request (accounts/password_reset.py)."""
    password_reset_email_send(email=email, site=site)

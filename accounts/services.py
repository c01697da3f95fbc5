"""The e-mails a stranger can make us send (sign-up, forgotten password), limited per address and per client.

Each request counts against two keys (``accounts.throttle.throttle_request``): the address typed — so that
nobody floods one mailbox — and the client — so that one robot cannot walk through a list of addresses. The
client limits are wide on purpose: a school's rooms leave through one address (NAT), and thirty pupils
create their accounts at the same time on exam day. The answer is the same for a known and an unknown
address, limit included: the limit tells nothing about the account.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.tasks import account_signup_email_task, password_reset_email_task
from accounts.throttle import throttle_request
from pixcertif.lib.tasks import enqueue_on_commit

SIGNUP_SCOPE = "signup"
PASSWORD_RESET_SCOPE = "password_reset"  # noqa: S105 (a throttle scope, not a secret)
EMAILS_PER_ADDRESS = 3  # e-mails to one address…
EMAILS_PER_CLIENT = {SIGNUP_SCOPE: 100, PASSWORD_RESET_SCOPE: 30}  # …or from one client…
EMAIL_WINDOW = dt.timedelta(hours=1)  # …within this window…
EMAIL_LOCK = dt.timedelta(minutes=30)  # …then refused for this long (then 1 h, 2 h…)


def msg_too_many_emails() -> str:
    # The same for a known and an unknown address: the limit counts requests, not accounts.
    return _("Trop de demandes d'e-mail pour cette adresse ou depuis votre connexion : réessayez dans une heure.")


def email_request_throttle(*, scope: str, email: str, client: str, now: dt.datetime) -> dt.datetime | None:
    """Count a request that sends an e-mail to ``email``: None when it may be sent, else the end of the lock."""
    limits = {f"adresse:{email.strip().lower()}": EMAILS_PER_ADDRESS, f"client:{client}": EMAILS_PER_CLIENT[scope]}
    return throttle_request(scope=scope, limits=limits, now=now, window=EMAIL_WINDOW, lock=EMAIL_LOCK)


def account_signup_request(
    *, email: str, client: str, next_url: str = "", now: dt.datetime | None = None
) -> dt.datetime | None:
    """Queue the sign-up e-mail of an address, whatever the address: None when queued, else the end of the lock."""
    locked = email_request_throttle(scope=SIGNUP_SCOPE, email=email, client=client, now=now or timezone.now())
    if locked is None:
        enqueue_on_commit(account_signup_email_task, email.strip().lower(), next_url)
    return locked


def password_reset_request(*, email: str, client: str, site: str, now: dt.datetime | None = None) -> dt.datetime | None:
    """Queue the forgotten-password e-mail of an address, whatever the address: None when queued, else the lock's end.

    ``site`` is the address the user reached (``https://certif.example.fr``), for the link in the e-mail.
    """
    locked = email_request_throttle(scope=PASSWORD_RESET_SCOPE, email=email, client=client, now=now or timezone.now())
    if locked is None:
        enqueue_on_commit(password_reset_email_task, email.strip().lower(), site)
    return locked

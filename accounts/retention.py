"""Retention of the accounts' own records (docs/donnees-personnelles.md): they would otherwise grow without end.

- django-axes' **login log** (``AccessLog``: address, e-mail, browser of every login; ``AccessFailureLog``: of
  every failure): ``PIXCERTIF_LOGIN_LOG_RETENTION`` (6 months, what an investigation of a stolen account needs);
  its **attempt counters** (``AccessAttempt``, the lockout's memory, 15 minutes of use):
  ``PIXCERTIF_LOGIN_ATTEMPT_RETENTION`` (30 days).
- **Throttle rows** (``accounts.Throttle``): once neither a lock nor a counting window is younger than
  ``PIXCERTIF_THROTTLE_RETENTION`` (7 days — far past every window and the doubling's memory), the row remembers
  nothing that matters.
- **Expired login sessions** (``django_session``, SESSION_ENGINE cached_db): what ``clearsessions`` deletes,
  every night (the cache forgets them by itself at their expiry).
- **Pending sign-ups** (accounts/signup.py): ``PIXCERTIF_PENDING_SIGNUP_RETENTION`` (7 days) after the request.

Each purge is one conditional bulk delete: two runs at once, or a run repeated, delete once.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db.models import Q

from accounts.models import Throttle, User
from accounts.signup import PENDING_SIGNUP

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class AccountsPurgeReport:
    login_records: int  # axes rows deleted (log, failure log, attempts)
    throttles: int
    sessions: int
    pending_signups: int


def login_records_purge(*, now: dt.datetime) -> int:
    log_cutoff = now - settings.PIXCERTIF_LOGIN_LOG_RETENTION
    deleted = AccessLog.objects.filter(attempt_time__lt=log_cutoff).delete()[0]
    deleted += AccessFailureLog.objects.filter(attempt_time__lt=log_cutoff).delete()[0]
    attempt_cutoff = now - settings.PIXCERTIF_LOGIN_ATTEMPT_RETENTION
    return deleted + AccessAttempt.objects.filter(attempt_time__lt=attempt_cutoff).delete()[0]


def throttles_purge(*, now: dt.datetime) -> int:
    cutoff = now - settings.PIXCERTIF_THROTTLE_RETENTION
    idle = (Q(locked_until__isnull=True) | Q(locked_until__lt=cutoff)) & (
        Q(window_started_at__isnull=True) | Q(window_started_at__lt=cutoff)
    )
    return Throttle.objects.filter(idle).delete()[0]


def sessions_purge(*, now: dt.datetime) -> int:
    # Session.objects rather than SessionStore.clear_expired(): the same delete, with the time injected.
    return Session.objects.filter(expire_date__lt=now).delete()[0]


def pending_signups_purge(*, now: dt.datetime) -> int:
    cutoff = now - settings.PIXCERTIF_PENDING_SIGNUP_RETENTION
    return User.objects.filter(PENDING_SIGNUP, date_joined__lt=cutoff).delete()[0]


def accounts_purge(*, now: dt.datetime) -> AccountsPurgeReport:
    report = AccountsPurgeReport(
        login_records=login_records_purge(now=now),
        throttles=throttles_purge(now=now),
        sessions=sessions_purge(now=now),
        pending_signups=pending_signups_purge(now=now),
    )
    if any((report.login_records, report.throttles, report.sessions, report.pending_signups)):
        logger.info(
            "Données personnelles : %s ligne(s) de connexion, %s compteur(s) de tentatives, %s session(s) expirée(s), "
            "%s demande(s) de compte en attente supprimées",
            report.login_records,
            report.throttles,
            report.sessions,
            report.pending_signups,
        )
    return report

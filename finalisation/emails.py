"""E-mails of the finalisation deadline: the reminder to the centre, the overdue alert to Pix staff.

Queued after commit by the sweep that won the transition (finalisation/deadlines.py); nothing is sent
for a session finalised in the meantime. Their tasks live here, beside what they send, and not in
``finalisation/tasks.py``: that module runs the sweep, which queues these (a circle otherwise).
"""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from centres.models import Membership, Role
from pixcertif.lib.urls import absolute_url
from sessions_app.models import Session, SessionStatus


def reminder_recipients(session: Session) -> list[str]:
    """The centre's active admins and its référent, each address once."""
    emails = (
        Membership.objects.filter(centre_id=session.centre_id, disabled_at__isnull=True, user__is_active=True)
        .filter(Q(role=Role.ADMIN) | Q(is_referent=True))
        .values_list("user__email", flat=True)
    )
    return sorted({email.lower() for email in emails if email})


def staff_alert_recipients() -> list[str]:
    """PIXCERTIF_STAFF_ALERT_EMAILS when set, otherwise every active Pix staff user."""
    configured = [email.strip().lower() for email in settings.PIXCERTIF_STAFF_ALERT_EMAILS if email.strip()]
    if configured:
        return sorted(set(configured))
    emails = User.objects.filter(is_staff=True, is_active=True).values_list("email", flat=True)
    return sorted({email.lower() for email in emails if email})


def _context(session: Session, *, url_name: str) -> dict[str, Any]:
    return {
        "session": session,
        "centre": session.centre,
        "due_at": timezone.localtime(session.finalisation_due_at),
        "link": absolute_url(reverse(url_name, args=[session.pk])),
    }


def _open_session(session_id: int) -> Session | None:
    session = Session.objects.select_related("centre").filter(pk=session_id).first()
    if session is None or session.status != SessionStatus.CREATED:
        return None
    return session


def finalisation_reminder_email_send(*, session_id: int) -> bool:
    """« Plus que 24 h pour finaliser » to the centre's admins and référent."""
    session = _open_session(session_id)
    if session is None:
        return False
    recipients = reminder_recipients(session)
    if not recipients:
        return False
    body = render_to_string(
        "finalisation/email/finalisation_reminder.txt", _context(session, url_name="sessions_app:session_detail")
    )
    send_mail(
        _("Session n° %(id)s : à finaliser avant le %(due)s")
        % {"id": session.pk, "due": timezone.localtime(session.finalisation_due_at).strftime("%d/%m/%Y à %H:%M")},
        body,
        settings.DEFAULT_FROM_EMAIL,
        recipients,
    )
    return True


def finalisation_overdue_email_send(*, session_id: int) -> bool:
    """Tell Pix staff a started session passed its 48-hour deadline without being finalised."""
    session = _open_session(session_id)
    if session is None:
        return False
    recipients = staff_alert_recipients()
    if not recipients:
        return False
    body = render_to_string(
        "finalisation/email/session_overdue.txt", _context(session, url_name="admin:sessions_app_session_change")
    )
    send_mail(
        _("Session n° %(id)s non finalisée dans les 48 heures (%(centre)s)")
        % {"id": session.pk, "centre": session.centre.name},
        body,
        settings.DEFAULT_FROM_EMAIL,
        recipients,
    )
    return True


# Like the invitation e-mail: a mail server down is retried with backoff (before, the error was logged and the
# e-mail lost); the column is set by the sweep, so a redelivered task re-reads the session and sends at most once
# more.
@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def finalisation_reminder_email_task(session_id: int) -> bool:
    return finalisation_reminder_email_send(session_id=session_id)


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def finalisation_overdue_email_task(session_id: int) -> bool:
    return finalisation_overdue_email_send(session_id=session_id)

"""The results e-mails of a publication: one per distinct result-recipient address, each with its link."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pixcertif.lib.urls import absolute_url
from results.links import VALIDITY, recipient_token
from results.selectors import session_result_recipients
from sessions_app.lifecycle import is_published
from sessions_app.models import Session


def session_results_emails_send(*, session_id: int, now: dt.datetime | None = None) -> int:
    """Send the links of a published session, issued at ``now``; the number of e-mails sent.

    Nothing is sent for a session unpublished in the meantime.
    """
    now = now or timezone.now()
    session = Session.objects.select_related("centre").filter(pk=session_id).first()
    if session is None or not is_published(session):
        return 0
    messages = []
    for email in session_result_recipients(session):
        token = recipient_token(session=session, email=email, now=now)
        link = absolute_url(reverse("results:recipient_results", args=[token]))
        body = render_to_string(
            "results/email/session_results.txt",
            {"session": session, "link": link, "valid_until": timezone.localtime(now + VALIDITY)},
        )
        subject = _("Résultats de certification Pix — session n° %(id)s, %(centre)s") % {
            "id": session.pk,
            "centre": session.centre.name,
        }
        messages.append(EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [email]))
    if not messages:
        return 0
    # One connection for the whole batch; each message has a single recipient (no address leaks to another).
    return get_connection().send_messages(messages) or 0

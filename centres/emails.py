"""E-mails about centres, sent by Celery tasks."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from centres.models import Invitation
from pixcertif.lib.urls import absolute_url


def invitation_email_send(*, invitation_id: int, token: str) -> bool:
    """Send the invitation link; nothing is sent for an invitation no longer pending."""
    invitation = Invitation.objects.select_related("centre", "invited_by").filter(pk=invitation_id).first()
    if invitation is None or not invitation.is_pending(timezone.now()):
        return False
    link = absolute_url(reverse("invitation_accept", args=[token]))
    body = render_to_string("centres/email/invitation.txt", {"invitation": invitation, "link": link})
    send_mail(
        _("Invitation à rejoindre %(centre)s sur Pix Certif") % {"centre": invitation.centre.name},
        body,
        settings.DEFAULT_FROM_EMAIL,
        [invitation.email],
    )
    return True

"""One real round trip through the broker: a service enqueues, a Celery worker sends the e-mail."""

from __future__ import annotations

from django.core import mail

from centres.models import Invitation, Role
from centres.services import invitation_create
from tests.accounts.factories import UserFactory
from tests.broker import BROKER_MARKS, WAIT_SECONDS, celery_worker, wait_for
from tests.centres.factories import CentreFactory, MembershipFactory

pytestmark = BROKER_MARKS
__all__ = ["celery_worker"]  # the fixture, imported for pytest


def test_invitation_email_goes_through_the_worker(celery_worker: str) -> None:
    centre = CentreFactory(name="Centre du test broker")
    admin = MembershipFactory(centre=centre, role=Role.ADMIN, user=UserFactory(email="admin.broker@centre.fr")).user
    mail.outbox.clear()

    invitation, _token = invitation_create(centre=centre, email="Invitee.Broker@Exemple.fr", role=Role.MEMBER, by=admin)

    wait_for(lambda: mail.outbox)

    assert len(mail.outbox) == 1, f"aucun e-mail reçu du worker en {WAIT_SECONDS} s (file {celery_worker})"
    message = mail.outbox[0]
    assert message.to == ["invitee.broker@exemple.fr"]
    assert centre.name in message.subject
    assert Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).exists()

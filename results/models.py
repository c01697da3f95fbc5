"""The staff queues of DOMAIN.md §7 as proxies of Session: each one is its own admin changelist."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sessions_app.models import Session, SessionStatus

IN_STAFF_HANDS = Q(status__in=[SessionStatus.FINALISED, SessionStatus.IN_PROCESS])
# The auto-jury's verdict (DOMAIN.md §6): None (not run yet) counts as « to process ».
TO_PUBLISH = IN_STAFF_HANDS & Q(is_publishable=True)
TO_PROCESS = IN_STAFF_HANDS & (Q(is_publishable=False) | Q(is_publishable__isnull=True))


class _ToProcessManager(models.Manager["SessionToProcess"]):
    def get_queryset(self) -> models.QuerySet[SessionToProcess]:
        return super().get_queryset().filter(TO_PROCESS)


class _ToPublishManager(models.Manager["SessionToPublish"]):
    def get_queryset(self) -> models.QuerySet[SessionToPublish]:
        return super().get_queryset().filter(TO_PUBLISH)


class StaffSession(Session):
    """« Toutes les sessions »; carries the staff permissions the groups get (results/migrations/0001)."""

    class Meta:
        proxy = True
        verbose_name = _("session (équipe Pix)")
        verbose_name_plural = _("Toutes les sessions")
        permissions = [
            ("assign_session", _("Peut s'assigner une session")),
            ("unfinalise_session", _("Peut définaliser une session")),
            ("publish_session", _("Peut publier et dépublier les résultats d'une session")),
        ]


class SessionToProcess(Session):
    objects: ClassVar[_ToProcessManager] = _ToProcessManager()

    class Meta:
        proxy = True
        verbose_name = _("session à traiter")
        verbose_name_plural = _("Sessions à traiter")


class SessionToPublish(Session):
    objects: ClassVar[_ToPublishManager] = _ToPublishManager()

    class Meta:
        proxy = True
        verbose_name = _("session à publier")
        verbose_name_plural = _("Sessions à publier")

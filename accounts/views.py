"""Django's auth views, with the forgotten-password e-mails limited per address and per client."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.services import PASSWORD_RESET_SCOPE, email_request_throttle
from pixcertif.lib.client_ip import client_ip


def msg_too_many_emails() -> str:
    # The same for a known and an unknown address: the limit counts requests, not accounts.
    return _("Trop de demandes d'e-mail pour cette adresse ou depuis votre connexion : réessayez dans une heure.")


class PasswordResetView(auth_views.PasswordResetView):
    def form_valid(self, form: Any) -> HttpResponse:
        locked = email_request_throttle(
            scope=PASSWORD_RESET_SCOPE,
            email=form.cleaned_data["email"],
            client=client_ip(self.request),
            now=timezone.now(),
        )
        if locked is not None:
            form.add_error(None, msg_too_many_emails())
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)

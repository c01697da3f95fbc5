"""Django's auth views, with the forgotten-password e-mails limited per address and per client."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.utils import timezone

from accounts.services import PASSWORD_RESET_SCOPE, email_request_throttle, msg_too_many_emails
from pixcertif.lib.client_ip import client_ip


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

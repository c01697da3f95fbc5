"""Django's auth views, with the forgotten-password e-mails limited per address and per client."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.http import HttpResponse, HttpResponseRedirect

from accounts.services import msg_too_many_emails, password_reset_request
from pixcertif.lib.client_ip import client_ip
from pixcertif.lib.urls import site_url


class PasswordResetView(auth_views.PasswordResetView):
    """The address only; the e-mail leaves from a task (accounts/password_reset.py), so that the answer takes the
    same time for a known and an unknown address."""

    def form_valid(self, form: Any) -> HttpResponse:
        locked = password_reset_request(
            email=form.cleaned_data["email"], client=client_ip(self.request), site=site_url(self.request)
        )
        if locked is not None:
            form.add_error(None, msg_too_many_emails())
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return HttpResponseRedirect(self.get_success_url())

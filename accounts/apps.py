from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Comptes")

    def ready(self) -> None:
        from axes.signals import user_locked_out

        from accounts.signals import audit_login_lockout
        from pixcertif.lib import client_ip  # noqa: F401  (registers the proxy settings' system check)

        user_locked_out.connect(audit_login_lockout, dispatch_uid="accounts.audit_login_lockout")

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from pixcertif.lib.codes import SESSION_PASSWORD_PREFIX
from pixcertif.lib.forms import DsfrForm


class SupervisorLoginForm(DsfrForm):
    session_number = forms.CharField(
        label=_("Numéro de session"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "autofocus": True}),
        error_messages={"required": _("Veuillez indiquer le numéro de session.")},
    )
    session_password = forms.CharField(
        label=_("Mot de passe de session"),
        max_length=40,
        help_text=_("Il figure dans le kit surveillant, par exemple C-B7KD3HMP."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}),
        error_messages={"required": _("Veuillez indiquer le mot de passe de session.")},
    )

    def clean_session_number(self) -> str:
        return self.cleaned_data["session_number"].strip()

    def clean_session_password(self) -> str:
        # Typed with or without its « C- », in any case (the kit prints it upper-case).
        value = "".join(self.cleaned_data["session_password"].split()).upper()
        return value.removeprefix(SESSION_PASSWORD_PREFIX)

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from centres.models import Role
from pixcertif.lib.forms import DsfrForm


class InvitationForm(DsfrForm):
    email = forms.EmailField(
        label=_("Adresse e-mail de la personne à inviter"),
        error_messages={
            "required": _("Veuillez indiquer une adresse e-mail."),
            "invalid": _("Saisissez une adresse e-mail valide."),
        },
    )
    role = forms.ChoiceField(label=_("Rôle"), choices=Role.choices, initial=Role.MEMBER)


class RoleForm(DsfrForm):
    role = forms.ChoiceField(label=_("Rôle"), choices=Role.choices)


class SwitchCentreForm(forms.Form):
    centre = forms.IntegerField()

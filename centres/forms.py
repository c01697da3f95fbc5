from __future__ import annotations

from typing import Any

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


class RosterImportForm(DsfrForm):
    fichier = forms.FileField(
        label=_("Fichier des élèves"),
        help_text=_("Export SIECLE ElevesSansAdresses.xml (ou son archive .zip), ou fichier CSV ; 10 Mo au plus."),
        error_messages={"required": _("Veuillez choisir un fichier."), "empty": _("Le fichier est vide.")},
    )
    fichier.widget.attrs["accept"] = ".xml,.zip,.csv"


class RosterFilterForm(forms.Form):
    """The roster page's GET filters; a bad value is dropped, never an error."""

    q = forms.CharField(label=_("Rechercher (nom, prénom ou INE)"), required=False, max_length=100)
    division = forms.MultipleChoiceField(label=_("Divisions"), required=False, widget=forms.CheckboxSelectMultiple)
    sortis = forms.BooleanField(label=_("Afficher aussi les élèves sortis"), required=False)

    def __init__(self, *args: Any, divisions: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["division"].choices = [(d, d or _("Sans division")) for d in divisions]  # type: ignore[attr-defined]

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from pixcertif.lib.forms import DsfrForm, date_field, time_field


class SessionForm(DsfrForm):
    address = forms.CharField(
        label=_("Nom du site"),
        max_length=255,
        error_messages={"required": _("Veuillez indiquer un nom de site.")},
    )
    room = forms.CharField(
        label=_("Nom de la salle"),
        max_length=255,
        error_messages={"required": _("Veuillez indiquer un nom de salle.")},
    )
    date = date_field(_("Date de début"), required_message=_("Veuillez indiquer une date de début."))
    time = time_field(_("Heure de début (heure locale)"), required_message=_("Veuillez indiquer une heure de début."))
    supervisors = forms.CharField(
        label=_("Surveillant(s)"),
        max_length=255,
        help_text=_("Séparez les noms par une virgule. Prévoyez au moins un surveillant pour 20 candidats."),
        error_messages={"required": _("Veuillez indiquer un(e) surveillant(e).")},
    )
    description = forms.CharField(
        label=_("Observations"),
        max_length=350,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("350 caractères au maximum."),
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        for name in ("address", "room", "supervisors", "description"):
            if isinstance(data.get(name), str):
                data[name] = " ".join(data[name].split()) if name != "description" else data[name].strip()
        return data


class PostponeForm(DsfrForm):
    date = date_field(_("Nouvelle date"), required_message=_("Veuillez indiquer une date de début."))
    time = time_field(
        _("Nouvelle heure de début (heure locale)"), required_message=_("Veuillez indiquer une heure de début.")
    )

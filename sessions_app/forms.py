from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from pixcertif.lib.forms import DsfrForm


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
    date = forms.DateField(
        label=_("Date de début"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Veuillez indiquer une date de début."),
            "invalid": _("Saisissez une date valide."),
        },
    )
    time = forms.TimeField(
        label=_("Heure de début (heure locale)"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "required": _("Veuillez indiquer une heure de début."),
            "invalid": _("Saisissez une heure valide."),
        },
    )
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
    date = forms.DateField(
        label=_("Nouvelle date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Veuillez indiquer une date de début."),
            "invalid": _("Saisissez une date valide."),
        },
    )
    time = forms.TimeField(
        label=_("Nouvelle heure de début (heure locale)"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "required": _("Veuillez indiquer une heure de début."),
            "invalid": _("Saisissez une heure valide."),
        },
    )

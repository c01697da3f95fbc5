from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from pixcertif.lib.forms import DsfrForm


class ProfileCollectionImportForm(DsfrForm):
    fichier = forms.FileField(
        label=_("Export de la campagne de collecte de profils"),
        help_text=_("Fichier CSV exporté depuis Pix Orga (séparé par des points-virgules) ; 10 Mo au plus."),
        error_messages={"required": _("Veuillez choisir un fichier."), "empty": _("Le fichier est vide.")},
    )
    fichier.widget.attrs["accept"] = ".csv"

"""Input shape of the ODS candidate-list upload; the file itself is read by candidates.imports.ods."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from pixcertif.lib.forms import DsfrForm


class CandidateListUploadForm(DsfrForm):
    fichier = forms.FileField(
        label=_("Liste des candidats (fichier .ods)"),
        help_text=_("Le modèle « Liste des candidats » complété, au format ODS ; 10 Mo au plus."),
        error_messages={"required": _("Veuillez choisir un fichier."), "empty": _("Le fichier est vide.")},
    )
    fichier.widget.attrs["accept"] = ".ods,application/vnd.oasis.opendocument.spreadsheet"

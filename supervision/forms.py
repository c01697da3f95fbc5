from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from finalisation.models import QUESTION_CODES, IssueCode
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


def _code_choices() -> list[tuple[object, object]]:
    def label(code: IssueCode) -> str:
        return f"{code.value} — {code.label}"

    general = [(code.value, label(code)) for code in IssueCode if code.value not in QUESTION_CODES]
    questions = [(code.value, label(code)) for code in IssueCode if code.value in QUESTION_CODES]
    return [
        ("", _("Sélectionnez une catégorie")),
        (_("Incidents généraux"), general),
        (_("Problèmes sur une question (numéro de la question obligatoire)"), questions),
    ]


class IssueReportForm(DsfrForm):
    """Shape only: the rules of each code are checked by ``issue_report_record``."""

    code = forms.ChoiceField(
        label=_("Catégorie"),
        choices=_code_choices,
        error_messages={"required": _("Choisissez la catégorie de l'incident.")},
    )
    question_number = forms.IntegerField(
        label=_("Numéro de la question"),
        required=False,
        help_text=_("Pour les codes E : le N de « Question N », entre 1 et 500."),
        widget=forms.NumberInput(attrs={"min": 1, "max": 500}),
        error_messages={"invalid": _("Saisissez un nombre entier.")},
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        strip=True,
        help_text=_("Obligatoire pour C1, C2, C4, C7 et C8 ; 500 caractères au maximum."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

"""Input shape of the enrolment pages; the rules of DOMAIN.md §3 live in candidates.services.

The ODS candidate-list upload only checks that a file came: candidates.imports.ods reads it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from candidates.models import BillingMode
from candidates.services import CandidateData
from centres.models import Sex
from pixcertif.lib.forms import DsfrForm, date_field

EXTRA_TIME_ERROR = _("Le temps majoré doit être un nombre entier entre 1 et 99 %.")


class _ContactFields(DsfrForm):
    """What any candidate may have changed, including one enrolled from the roster."""

    extra_time_percentage = forms.IntegerField(
        label=_("Temps majoré (%)"),
        required=False,
        # The range is the service's rule (its message has a « % », which Django's min/max messages would format).
        widget=forms.NumberInput(attrs={"min": 1, "max": 99}),
        help_text=_("Un nombre entier entre 1 et 99, par exemple 33 pour un tiers-temps."),
        error_messages={"invalid": EXTRA_TIME_ERROR},
    )
    result_recipient_email = forms.EmailField(
        label=_("E-mail du destinataire des résultats"),
        required=False,
        max_length=254,
        help_text=_("Par exemple le formateur ou l'enseignant."),
        error_messages={"invalid": _("L'e-mail du destinataire des résultats n'est pas valide.")},
    )
    convocation_email = forms.EmailField(
        label=_("E-mail de convocation"),
        required=False,
        max_length=254,
        error_messages={"invalid": _("L'e-mail de convocation n'est pas valide.")},
    )


class StudentCandidateForm(_ContactFields):
    """A candidate enrolled from the roster (SCO): identity and birthplace come from the roster."""

    field_order = ["extra_time_percentage", "result_recipient_email", "convocation_email"]

    def to_data(self, base: CandidateData) -> CandidateData:
        return replace(base, **self.cleaned_data)


class CandidateForm(_ContactFields):
    """One candidate of a SUP or PRO centre, typed by hand."""

    last_name = forms.CharField(
        label=_("Nom de naissance"),
        max_length=255,
        error_messages={"required": _("Veuillez indiquer un nom de naissance.")},
    )
    first_name = forms.CharField(
        label=_("Prénom"), max_length=255, error_messages={"required": _("Veuillez indiquer un prénom.")}
    )
    sex = forms.ChoiceField(
        label=_("Sexe"),
        choices=Sex.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Veuillez indiquer le sexe du candidat (M ou F)."),
            "invalid_choice": _("Le sexe doit être M ou F."),
        },
    )
    birthdate = date_field(_("Date de naissance"), required_message=_("Veuillez indiquer une date de naissance."))
    birth_insee_code = forms.CharField(
        label=_("Code Insee de la commune de naissance"),
        required=False,
        max_length=5,
        help_text=_("Né(e) en France : le code Insee, ou bien le code postal et la commune."),
    )
    birth_postal_code = forms.CharField(label=_("Code postal de naissance"), required=False, max_length=5)
    birth_city = forms.CharField(label=_("Commune de naissance"), required=False, max_length=255)
    birth_country = forms.CharField(
        label=_("Pays de naissance"),
        required=False,
        max_length=255,
        help_text=_("Né(e) à l'étranger : le pays et la commune."),
    )
    external_id = forms.CharField(label=_("Identifiant local"), required=False, max_length=255)
    billing_mode = forms.ChoiceField(
        label=_("Tarification part Pix"),
        choices=[("", _("Sélectionnez une tarification")), *BillingMode.choices],
        error_messages={
            "required": _("Veuillez indiquer la tarification part Pix (Gratuite, Payante ou Prépayée)."),
            "invalid_choice": _("La tarification part Pix doit être Gratuite, Payante ou Prépayée."),
        },
    )
    prepayment_code = forms.CharField(
        label=_("Code de prépaiement"),
        required=False,
        max_length=40,
        help_text=_("Seulement pour la tarification « Prépayée »."),
    )

    field_order = [
        "last_name",
        "first_name",
        "sex",
        "birthdate",
        "birth_insee_code",
        "birth_postal_code",
        "birth_city",
        "birth_country",
        "external_id",
        "extra_time_percentage",
        "result_recipient_email",
        "convocation_email",
        "billing_mode",
        "prepayment_code",
    ]

    def __init__(self, *args: Any, billing: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not billing:  # a school (without a roster): no « part Pix » billing (DOMAIN.md, issue 14)
            del self.fields["billing_mode"]
            del self.fields["prepayment_code"]

    def to_data(self) -> CandidateData:
        """The typed input; after a failed ``is_valid`` the fields in error are left empty."""
        values: dict[str, Any] = {"first_name": "", "last_name": "", "sex": "", "birthdate": None}
        values.update(self.cleaned_data)
        return CandidateData(**values)


def form_add_service_errors(form: forms.Form, errors: list[tuple[str, str]]) -> None:
    """Show each service error next to its field (or above the form for a field it lacks)."""
    for field, message in errors:
        if field in form.fields and not form.has_error(field):
            form.add_error(field, message)
        elif field not in form.fields:
            form.add_error(None, message)


class StudentIdsField(forms.MultipleChoiceField):
    """Checked students' ids; whether each one may be enrolled is the service's business."""

    def valid_value(self, value: Any) -> bool:
        return str(value).isdigit()

    def to_python(self, value: Any) -> list[int]:  # type: ignore[override]
        return [int(v) for v in super().to_python(value) if str(v).isdigit()]


class EnrolStudentsForm(forms.Form):
    students = StudentIdsField(error_messages={"required": _("Cochez au moins un élève à inscrire.")})


class EnrolFilterForm(forms.Form):
    """The enrolment page's GET filters; a bad value is dropped, never an error."""

    q = forms.CharField(label=_("Rechercher (nom, prénom ou INE)"), required=False, max_length=100)
    division = forms.MultipleChoiceField(label=_("Divisions"), required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, divisions: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["division"].choices = [(d, d or _("Sans division")) for d in divisions]  # type: ignore[attr-defined]


class CandidateListUploadForm(DsfrForm):
    fichier = forms.FileField(
        label=_("Liste des candidats (fichier .ods)"),
        help_text=_("Le modèle « Liste des candidats » complété, au format ODS ; 10 Mo au plus."),
        error_messages={"required": _("Veuillez choisir un fichier."), "empty": _("Le fichier est vide.")},
    )
    fichier.widget.attrs["accept"] = ".ods,application/vnd.oasis.opendocument.spreadsheet"

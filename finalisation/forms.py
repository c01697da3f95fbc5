"""Forms of the finalisation wizard: shape only; the rules are in finalisation/services.py."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from certification.models import AbortReason
from finalisation.models import GLOBAL_COMMENT_MAX_LENGTH, QUESTION_CODES, CertificationReport, IssueCode
from pixcertif.lib.forms import DsfrForm

STEP1_FORM_ID = "finalisation-etape-1"


def _code_choices() -> list[tuple[object, object]]:
    general = [(c.value, f"{c.value} — {c.label}") for c in IssueCode if c.value not in QUESTION_CODES]
    questions = [(c.value, f"{c.value} — {c.label}") for c in IssueCode if c.value in QUESTION_CODES]
    return [
        ("", _("Sélectionnez une catégorie")),
        (_("Incidents généraux"), general),
        (_("Problèmes sur une question (numéro de la question obligatoire)"), questions),
    ]


class IssueReportForm(DsfrForm):
    """An incident: recorded live in the supervisor portal, or copied from the paper PV d'incident at
    finalisation. Shape only: the rules of each code are checked by ``issue_report_record``."""

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


class ReportsForm(DsfrForm):
    """Step 1: per candidate, « Écran de fin du test vu » (unless the supervisor followed him in the portal:
    ``followed_in_portal``) and the abort reason of a test still running. Fields are named
    ``end_screen_seen_<id>`` and ``abort_reason_<id>``."""

    def __init__(
        self,
        data: Any = None,
        *,
        reports: Iterable[CertificationReport],
        running: set[int],
        followed_in_portal: set[int],
        **kwargs: Any,
    ) -> None:
        super().__init__(data, **kwargs)
        self.reports = list(reports)
        # The fields sit beside each candidate's reports, outside the <form> element (forms cannot nest).
        attrs = {"form": STEP1_FORM_ID, "data-autosave": ""}
        for report in self.reports:
            cid = report.candidate_id
            if cid not in followed_in_portal:
                self.fields[f"end_screen_seen_{cid}"] = forms.BooleanField(
                    label=_("Écran de fin du test vu"),
                    required=False,
                    initial=report.end_screen_seen,
                    widget=forms.CheckboxInput(attrs=attrs),
                )
            if cid in running:
                self.fields[f"abort_reason_{cid}"] = forms.ChoiceField(
                    label=_("Raison de l'abandon"),
                    choices=[("", _("Sélectionnez une raison")), *AbortReason.choices],
                    required=False,  # required to finalise, not to save a draft
                    initial=report.abort_reason,
                    widget=forms.Select(attrs=attrs),
                )

    def field_for(self, name: str, candidate_id: int) -> forms.BoundField | None:
        key = f"{name}_{candidate_id}"
        return self[key] if key in self.fields else None

    def to_changes(self) -> dict[str, Any]:
        reports: dict[int, dict[str, Any]] = {}
        for name, value in self.cleaned_data.items():
            field, _sep, cid = name.rpartition("_")
            reports.setdefault(int(cid), {})[field] = value
        return {"reports": reports}


class DetailsForm(DsfrForm):
    """Step 2: optional global comment, the two boxes, optional scanned document."""

    global_comment = forms.CharField(
        label=_("Commentaire global (facultatif)"),
        required=False,
        max_length=GLOBAL_COMMENT_MAX_LENGTH,
        help_text=_("500 caractères au maximum."),
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": GLOBAL_COMMENT_MAX_LENGTH, "data-autosave": ""}),
        error_messages={"max_length": _("Le commentaire global ne doit pas dépasser %(limit_value)d caractères.")},
    )
    incident_with_extra_time = forms.BooleanField(
        label=_("Un ou plusieurs candidats ont eu un incident technique nécessitant un temps supplémentaire"),
        required=False,
        widget=forms.CheckboxInput(attrs={"data-autosave": ""}),
    )
    candidates_could_not_join = forms.BooleanField(
        label=_("Un ou plusieurs candidats étaient présents en session mais n'ont pas pu rejoindre la session"),
        required=False,
        widget=forms.CheckboxInput(attrs={"data-autosave": ""}),
    )
    scanned_document = forms.FileField(
        label=_("Feuille d'émargement ou PV d'incident numérisé (facultatif)"),
        required=False,
        help_text=_("PDF, JPEG ou PNG, 10 Mo au maximum. Un nouveau document remplace le précédent."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}),
    )

    def to_changes(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data[name]
            for name in ("global_comment", "incident_with_extra_time", "candidates_could_not_join")
        }

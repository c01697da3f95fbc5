"""Form bases rendering with the DSFR markup of django-dsfr."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm, DsfrDjangoTemplates

# One renderer for every form. DsfrBaseForm.default_renderer gives the renderer *class*, which Django
# instantiates for each form: a new template engine per form, every field template read and compiled
# again on every request (docs/performance.md). One instance keeps its engine and its compiled templates.
DSFR_RENDERER = DsfrDjangoTemplates()


class DsfrForm(DsfrBaseForm):
    """DSFR form that marks optional fields, as the DSFR now recommends."""

    default_renderer = DSFR_RENDERER

    def get_context(self) -> dict[str, Any]:
        # Skip DsfrBaseForm.get_context: it warns on every render about a transitional setting.
        context = forms.Form.get_context(self)
        context["DSFR_MARK_OPTIONAL_FIELDS"] = True
        return context


class DsfrModelForm(DsfrForm, forms.ModelForm):
    pass


def date_field(label: Any, *, required_message: Any, **kwargs: Any) -> forms.DateField:
    """A date picker (``<input type="date">``) with French messages."""
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": required_message, "invalid": _("Saisissez une date valide.")},
        **kwargs,
    )


def time_field(label: Any, *, required_message: Any, **kwargs: Any) -> forms.TimeField:
    """A time picker (``<input type="time">``, HH:MM) with French messages."""
    return forms.TimeField(
        label=label,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"required": required_message, "invalid": _("Saisissez une heure valide.")},
        **kwargs,
    )

"""Form bases rendering with the DSFR markup of django-dsfr."""

from __future__ import annotations

from typing import Any

from django import forms
from dsfr.forms import DsfrBaseForm


class DsfrForm(DsfrBaseForm):
    """DSFR form that marks optional fields, as the DSFR now recommends."""

    def get_context(self) -> dict[str, Any]:
        # Skip DsfrBaseForm.get_context: it warns on every render about a transitional setting.
        context = forms.Form.get_context(self)
        context["DSFR_MARK_OPTIONAL_FIELDS"] = True
        return context


class DsfrModelForm(DsfrForm, forms.ModelForm):
    pass

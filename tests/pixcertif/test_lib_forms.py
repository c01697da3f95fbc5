"""The DSFR forms share one renderer: its template engine (and its compiled templates) is built once."""

from __future__ import annotations

from django import forms

from pixcertif.lib.forms import DSFR_RENDERER, DsfrForm


class _Form(DsfrForm):
    name = forms.CharField(label="Nom")


def test_every_form_uses_the_one_renderer() -> None:
    first, second = _Form(), _Form(data={"name": "Léa"})
    assert first.renderer is DSFR_RENDERER
    assert second.renderer is first.renderer
    # The engine (and its template cache) is the same object from one form to the next.
    first_html = str(first["name"])
    assert second.renderer.engine is first.renderer.engine
    assert 'name="name"' in first_html and "fr-input" in first_html

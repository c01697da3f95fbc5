from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from pixcertif.lib.forms import DsfrForm


class LoginForm(DsfrForm, auth_forms.AuthenticationForm):
    error_messages = {
        "invalid_login": _("L'adresse e-mail et/ou le mot de passe saisis sont incorrects."),
        "inactive": _("Ce compte est désactivé."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"] = forms.EmailField(
            label=_("Adresse e-mail"), widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True})
        )
        self.fields["password"].label = _("Mot de passe")
        for visible in self.visible_fields():
            visible.field.widget.attrs.setdefault("class", "fr-input")

    def clean_username(self) -> str:
        return self.cleaned_data["username"].strip().lower()


class PasswordResetForm(DsfrForm, auth_forms.PasswordResetForm):
    email = forms.EmailField(label=_("Adresse e-mail"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))


class SetPasswordForm(DsfrForm, auth_forms.SetPasswordForm):
    pass


class SignupForm(DsfrForm):
    """Account creation when accepting an invitation (the e-mail comes from the invitation)."""

    first_name = forms.CharField(label=_("Prénom"), max_length=150)
    last_name = forms.CharField(label=_("Nom"), max_length=150)
    password1 = forms.CharField(
        label=_("Mot de passe"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Au moins 10 caractères, pas uniquement des chiffres."),
    )
    password2 = forms.CharField(
        label=_("Confirmation du mot de passe"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("Les deux mots de passe ne correspondent pas."))
        elif data.get("password1"):
            try:
                password_validation.validate_password(data["password1"])
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data

"""The candidate's forms: account creation, joining a session, answering a question (shape only)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms import SignupForm
from pixcertif.lib.forms import DsfrForm

SESSION_NUMBER_MAX_LENGTH = 12
ANSWER_MAX_LENGTH = 500


class CandidateSignupForm(DsfrForm):
    """« Créer un compte candidat », first step: the address only; the e-mail does the rest (accounts/signup.py)."""

    email = forms.EmailField(
        label=_("Adresse e-mail"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )

    def clean_email(self) -> str:
        # No « this address already has an account » here: that is for the mailbox owner to read.
        return self.cleaned_data["email"].strip().lower()


class CandidateSignupCompleteForm(SignupForm):
    """Second step, on the e-mail's link: the invitation's sign-up form (names, password twice)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"


class JoinForm(DsfrForm):
    """Session number, identity and access code on one form (docs/passage-du-test.md explains why)."""

    session_number = forms.CharField(
        label=_("Numéro de session"),
        max_length=SESSION_NUMBER_MAX_LENGTH,
        help_text=_("Communiqué par votre surveillant, par exemple 12345."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"required": _("Veuillez indiquer le numéro de session.")},
    )
    first_name = forms.CharField(
        label=_("Prénom"),
        max_length=255,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
        error_messages={"required": _("Veuillez indiquer votre prénom.")},
    )
    last_name = forms.CharField(
        label=_("Nom de naissance"),
        max_length=255,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
        error_messages={"required": _("Veuillez indiquer votre nom de naissance.")},
    )
    birthdate = forms.DateField(
        label=_("Date de naissance"),
        help_text=_("Format : JJ/MM/AAAA, par exemple 14/03/2008."),
        input_formats=["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"autocomplete": "bday", "inputmode": "numeric"}, format="%d/%m/%Y"),
        error_messages={
            "required": _("Veuillez indiquer votre date de naissance."),
            "invalid": _("La date de naissance doit être au format JJ/MM/AAAA."),
        },
    )
    access_code = forms.CharField(
        label=_("Code d'accès"),
        max_length=20,
        help_text=_("Le code de 6 caractères donné par votre surveillant, par exemple KBPM47."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
        error_messages={"required": _("Veuillez indiquer le code d'accès.")},
    )

    def clean_session_number(self) -> int:
        number = self.cleaned_data["session_number"].strip()
        if not number.isascii() or not number.isdigit() or len(number) > 18:
            raise forms.ValidationError(_("Le numéro de session ne contient que des chiffres."))
        return int(number)  # « 0123 » and « 123 » are one session, hence one throttle key

    def clean_access_code(self) -> str:
        return "".join(self.cleaned_data["access_code"].split()).upper()


class AnswerForm(forms.Form):
    """What the test page posts: the question, the chosen indexes or the typed text, or « Je passe »."""

    question = forms.IntegerField(min_value=1)
    choice = forms.CharField(required=False, max_length=ANSWER_MAX_LENGTH)
    choices = forms.MultipleChoiceField(required=False, choices=[])
    text = forms.CharField(required=False, max_length=ANSWER_MAX_LENGTH, strip=True)
    skip = forms.BooleanField(required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Any index the page could offer; the answer checker refuses the rest without raising.
        self.fields["choices"].choices = [(str(i), str(i)) for i in range(100)]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("skip") and not self.value():
            raise forms.ValidationError(_("Choisissez une réponse avant de valider, ou cliquez sur « Je passe »."))
        return data

    def value(self) -> str:
        """The answer as the answer checker reads it: « 2 », « 0,2 » or the text."""
        data = self.cleaned_data
        if data.get("choices"):
            return ",".join(sorted(data["choices"], key=int))
        return data.get("choice") or data.get("text") or ""

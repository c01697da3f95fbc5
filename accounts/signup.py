"""Creating an account by e-mail first, so that the sign-up page tells nobody which addresses have one.

The page asks for an address and always answers the same (« un e-mail vient de partir »); the e-mail,
sent by a task, says what the owner of that mailbox needs to know: a link to finish creating the account,
or, when the address already has one, that it has (with the login and forgotten-password links). Only the
mailbox owner learns whether an account exists (docs/passage-du-test.md, SECURITY.md).

Until its link is followed, the account is *pending*: a ``User`` row, inactive, without a usable password,
never logged in (``PENDING_SIGNUP``). Nobody can log in with it or ask a password reset for it; the daily
purge deletes it after ``PIXCERTIF_PENDING_SIGNUP_RETENTION``. The password is chosen on the link's page, by
the mailbox owner: nobody can prepare an account with their own password on someone else's address.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlencode, urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _

from accounts.models import User
from pixcertif.lib.urls import absolute_url

# A pending sign-up: asked for, link not followed yet.
PENDING_SIGNUP = Q(is_active=False, last_login__isnull=True, password__startswith=UNUSABLE_PASSWORD_PREFIX)


class SignupTokenGenerator(PasswordResetTokenGenerator):
    """Django's reset token (valid PASSWORD_RESET_TIMEOUT, 24 h; void once the password is set), its own salt."""

    key_salt = "accounts.signup.SignupTokenGenerator"


signup_token_generator = SignupTokenGenerator()


def account_exists(email: str) -> bool:
    """An account someone can log into (or that staff deactivated): pending sign-ups do not count."""
    return User.objects.filter(email=email.strip().lower()).exclude(PENDING_SIGNUP).exists()


def _pending_user(email: str) -> User | None:
    """The pending account of the address, created when the address has none; None when it has a real one."""
    user = User.objects.filter(email=email).first()
    if user is None:
        try:
            with transaction.atomic():
                return User.objects.create_user(email, None, is_active=False)  # no password: unusable
        except IntegrityError:  # the same address asked twice at once
            user = User.objects.get(email=email)
    return user if user.is_pending_signup() else None


def _link(path: str, next_url: str) -> str:
    query = f"?{urlencode({'next': next_url})}" if next_url else ""
    return absolute_url(path + query)  # sent by Celery: no request, the configured site address


def account_signup_email_send(*, email: str, next_url: str = "") -> str:
    """The e-mail of a sign-up request; returns which one was sent (``link`` or ``exists``)."""
    email = email.strip().lower()
    user = _pending_user(email)
    if user is not None:
        uid = urlsafe_base64_encode(force_bytes(user.pk))
        token = signup_token_generator.make_token(user)
        path = reverse("certification:candidate_signup_complete", kwargs={"uidb64": uid, "token": token})
        kind, context = "link", {"link": _link(path, next_url)}
        subject = _("Créez votre compte candidat Pix Certif")
    else:
        kind = "exists"
        context = {
            "login_link": _link(reverse("accounts:login"), next_url),
            "reset_link": _link(reverse("accounts:password_reset"), ""),
        }
        subject = _("Vous avez déjà un compte Pix Certif")
    body = render_to_string(f"accounts/email/signup_{kind}.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email])
    return kind


def signup_user_from_link(uidb64: str, token: str) -> User | None:
    """The pending account behind a sign-up link still valid, else None."""
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        return None
    user = User.objects.filter(pk=pk).filter(PENDING_SIGNUP).first()
    if user is None or not signup_token_generator.check_token(user, token):
        return None
    return user


def account_activate(*, user: User, first_name: str, last_name: str, password: str) -> User:
    """Finish a pending account: names, password, active. The link is void from then on (its hash changed)."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        user.first_name, user.last_name, user.is_active = first_name, last_name, True
        user.set_password(password)
        user.save(update_fields=["first_name", "last_name", "is_active", "password"])
    return user


def account_create(*, email: str, password: str, first_name: str, last_name: str) -> User:
    """A new account for an address; a pending sign-up of that address is taken over, not an obstacle.

    Otherwise anyone could block an invited person's sign-up by asking a candidate account for their address.
    The caller checks ``account_exists`` first; IntegrityError when the address has a real account.
    """
    email = email.strip().lower()
    with transaction.atomic():
        pending = User.objects.select_for_update().filter(email=email).filter(PENDING_SIGNUP).first()
        if pending is None:
            return User.objects.create_user(email, password, first_name=first_name, last_name=last_name)
    return account_activate(user=pending, first_name=first_name, last_name=last_name, password=password)

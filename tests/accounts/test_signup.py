"""No account oracle: the candidate sign-up answers the same for every address, the e-mail says the rest;
sign-up and forgotten-password e-mails are limited per address and per client (accounts/signup.py,
accounts/services.py)."""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts import services as account_services
from accounts.models import User
from accounts.signup import account_exists
from centres.models import CertificationCentre, Role
from centres.services import invitation_accept_with_signup, invitation_create
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = "/certification/compte/"
SENT = "/certification/compte/envoye/"
RESET = "/mot-de-passe/oubli/"
NEW_PASSWORD = "un-mot-de-passe-solide"
TOO_MANY = "Trop de demandes d&#x27;e-mail"
Capture = Callable[..., AbstractContextManager[Any]]


def _ask(client: Client, email: str, capture: Capture, **extra: str) -> Any:
    with capture(execute=True):
        return client.post(SIGNUP, {"email": email, **extra})


def _link(body: str) -> str:
    match = re.search(r"https?://[^/\s]+(/certification/compte/[^/\s]+/[^/\s]+/)(\?next=\S+)?", body)
    assert match, body
    return match.group(1) + (match.group(2) or "")


def _finish(client: Client, link: str, **data: str) -> Any:
    form = {"first_name": "Théo", "last_name": "Martin", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    return client.post(link, {**form, **data})


# --- One answer for every address ---------------------------------------------------------------


def test_the_page_answers_the_same_for_a_taken_and_a_new_address(
    client: Client, django_capture_on_commit_callbacks: Capture
) -> None:
    UserFactory(email="pris@exemple.fr")
    taken = _ask(client, "pris@exemple.fr", django_capture_on_commit_callbacks)
    new = _ask(client, "nouveau@exemple.fr", django_capture_on_commit_callbacks)
    assert (taken.status_code, taken["Location"]) == (new.status_code, new["Location"]) == (302, SENT)
    page = client.get(SENT).content.decode()
    assert "Consultez votre messagerie" in page and "pris@exemple.fr" not in page
    assert "Un compte existe déjà" not in page
    # Each mailbox owner learns what applies to them, and only them.
    (to_taken,) = [m for m in mail.outbox if m.to == ["pris@exemple.fr"]]
    (to_new,) = [m for m in mail.outbox if m.to == ["nouveau@exemple.fr"]]
    assert "déjà un compte" in to_taken.body and "/connexion/" in to_taken.body and RESET in to_taken.body
    assert "/certification/compte/" not in to_taken.body
    assert _link(to_new.body)


def test_a_taken_address_gets_no_new_account_and_keeps_its_password(
    client: Client, django_capture_on_commit_callbacks: Capture
) -> None:
    owner = UserFactory(email="pris@exemple.fr")
    _ask(client, "Pris@Exemple.fr", django_capture_on_commit_callbacks)
    assert User.objects.count() == 1
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD) and owner.is_active


def test_a_new_address_creates_its_account_by_the_link_and_logs_in(
    client: Client, django_capture_on_commit_callbacks: Capture
) -> None:
    _ask(client, "Theo@Exemple.fr", django_capture_on_commit_callbacks, next="/certification/")
    pending = User.objects.get(email="theo@exemple.fr")
    assert not pending.is_active and not pending.has_usable_password() and pending.is_pending_signup()
    assert not account_exists("theo@exemple.fr")
    link = _link(mail.outbox[-1].body)
    page = client.get(link)
    assert page.status_code == 200 and "theo@exemple.fr" in page.content.decode()
    response = _finish(client, link, next="/certification/")
    assert response.status_code == 302 and response["Location"] == "/certification/"
    user = User.objects.get(email="theo@exemple.fr")
    assert (
        user.is_active
        and user.check_password(NEW_PASSWORD)
        and (user.first_name, user.last_name)
        == (
            "Théo",
            "Martin",
        )
    )
    assert client.get("/certification/").context["user"] == user
    assert account_exists("theo@exemple.fr")


def test_the_link_serves_once(client: Client, django_capture_on_commit_callbacks: Capture) -> None:
    _ask(client, "theo@exemple.fr", django_capture_on_commit_callbacks)
    link = _link(mail.outbox[-1].body)
    assert _finish(client, link).status_code == 302
    client.logout()
    again = _finish(client, link, password1="un-autre-mot-de-passe", password2="un-autre-mot-de-passe")
    assert again.status_code == 404 and "plus valide" in again.content.decode()
    assert User.objects.get(email="theo@exemple.fr").check_password(NEW_PASSWORD)


def test_a_forged_or_foreign_link_is_refused(client: Client, db: None) -> None:
    owner = UserFactory(email="pris@exemple.fr")
    assert client.get("/certification/compte/MQ/abc-123/").status_code == 404
    assert client.get("/certification/compte/zzz/abc-123/").status_code == 404
    # A password-reset token of a real account is not a sign-up link (another salt, not a pending account).
    uid, token = urlsafe_base64_encode(force_bytes(owner.pk)), default_token_generator.make_token(owner)
    assert _finish(client, f"/certification/compte/{uid}/{token}/").status_code == 404
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)


def test_asking_again_for_a_pending_address_sends_a_new_link_to_the_same_account(
    client: Client, django_capture_on_commit_callbacks: Capture
) -> None:
    _ask(client, "theo@exemple.fr", django_capture_on_commit_callbacks)
    _ask(client, "theo@exemple.fr", django_capture_on_commit_callbacks)
    assert User.objects.filter(email="theo@exemple.fr").count() == 1
    assert len(mail.outbox) == 2 and all(_link(m.body) for m in mail.outbox)


def test_a_pending_account_can_neither_log_in_nor_ask_a_password_reset(
    client: Client, django_capture_on_commit_callbacks: Capture
) -> None:
    _ask(client, "theo@exemple.fr", django_capture_on_commit_callbacks)
    mail.outbox.clear()
    response = client.post("/connexion/", {"username": "theo@exemple.fr", "password": "n-importe-quoi-12"})
    assert not response.wsgi_request.user.is_authenticated
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(RESET, {"email": "theo@exemple.fr"}).status_code == 302
    assert mail.outbox == []


def test_the_completion_form_refuses_a_weak_password(
    client: Client, django_capture_on_commit_callbacks: Capture
) -> None:
    _ask(client, "theo@exemple.fr", django_capture_on_commit_callbacks)
    response = _finish(client, _link(mail.outbox[-1].body), password1="123", password2="123")
    assert response.status_code == 200
    assert not User.objects.get(email="theo@exemple.fr").is_active


def test_the_signup_does_not_follow_an_outside_next(
    client: Client, django_capture_on_commit_callbacks: Capture
) -> None:
    _ask(client, "x@exemple.fr", django_capture_on_commit_callbacks, next="https://ailleurs.example/")
    link = _link(mail.outbox[-1].body)
    assert "ailleurs" not in link
    response = _finish(client, link.split("?")[0] + "?next=https://ailleurs.example/", next="https://ailleurs.example/")
    assert response["Location"] == "/certification/"


def test_an_invitation_takes_over_a_pending_signup_of_the_invited_address(
    client: Client, centre: CertificationCentre, admin: User, django_capture_on_commit_callbacks: Capture
) -> None:
    # A stranger asks a candidate account for the address a centre is about to invite: that blocks nothing.
    _ask(client, "nouvelle@centre.fr", django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=False):
        _invitation, token = invitation_create(centre=centre, email="nouvelle@centre.fr", role=Role.MEMBER, by=admin)
    membership = invitation_accept_with_signup(token=token, first_name="N", last_name="S", password=NEW_PASSWORD)
    assert membership.user.email == "nouvelle@centre.fr" and membership.user.is_active
    assert membership.user.check_password(NEW_PASSWORD)
    assert User.objects.filter(email="nouvelle@centre.fr").count() == 1


# --- Limits per address and per client ----------------------------------------------------------


def test_three_signup_emails_per_address_an_hour_whatever_the_address(
    client: Client, django_capture_on_commit_callbacks: Capture
) -> None:
    UserFactory(email="pris@exemple.fr")
    for email in ("pris@exemple.fr", "nouveau@exemple.fr"):
        codes = [_ask(client, email, django_capture_on_commit_callbacks).status_code for _ in range(4)]
        assert codes == [302, 302, 302, 429]
    refused = _ask(client, "pris@exemple.fr", django_capture_on_commit_callbacks)
    assert TOO_MANY in refused.content.decode()
    assert len([m for m in mail.outbox if m.to == ["pris@exemple.fr"]]) == 3
    assert len([m for m in mail.outbox if m.to == ["nouveau@exemple.fr"]]) == 3


def test_signup_emails_are_limited_per_client(
    client: Client, django_capture_on_commit_callbacks: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(account_services.EMAILS_PER_CLIENT, "signup", 5)
    codes = [_ask(client, f"robot{i}@exemple.fr", django_capture_on_commit_callbacks).status_code for i in range(6)]
    assert codes == [302] * 5 + [429]
    other_client = Client(REMOTE_ADDR="203.0.113.9")
    assert _ask(other_client, "robot9@exemple.fr", django_capture_on_commit_callbacks).status_code == 302


def test_password_reset_emails_are_limited_per_address_the_same_for_a_known_and_an_unknown_address(
    client: Client, django_capture_on_commit_callbacks: Capture
) -> None:
    UserFactory(email="membre@centre.fr")
    for email in ("membre@centre.fr", "inconnu@centre.fr"):
        with django_capture_on_commit_callbacks(execute=True):
            codes = [client.post(RESET, {"email": email}).status_code for _ in range(4)]
        assert codes == [302, 302, 302, 429]
    assert TOO_MANY in client.post(RESET, {"email": "inconnu@centre.fr"}).content.decode()
    assert len(mail.outbox) == 3  # the known address only, three times


def test_password_reset_emails_are_limited_per_client(
    client: Client, db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(account_services.EMAILS_PER_CLIENT, "password_reset", 5)
    codes = [client.post(RESET, {"email": f"x{i}@centre.fr"}).status_code for i in range(6)]
    assert codes == [302] * 5 + [429]

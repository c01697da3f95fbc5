from __future__ import annotations

import datetime as dt
import hashlib
import html
import re

import pytest
from django.core import mail
from django.http import HttpResponse
from django.test import Client

from accounts.models import User
from centres.models import CentreEvent, CertificationCentre, Invitation, Membership, Role
from centres.services import (
    CentreError,
    invitation_accept,
    invitation_accept_with_signup,
    invitation_cancel,
    invitation_create,
    invitation_find,
)
from tests.accounts.factories import PASSWORD, UserFactory

NOW = dt.datetime(2031, 1, 20, 8, 30, tzinfo=dt.UTC)
INVALID_LINK = "Ce lien d'invitation n'est plus valide. Demandez une nouvelle invitation."
ONLY_ADMIN = "Seul un administrateur du centre peut faire cette action."


def _invite(centre: CertificationCentre, by: User, email: str = "nouvelle@centre.fr", **kwargs: object) -> tuple[Invitation, str]:
    return invitation_create(centre=centre, email=email, role=kwargs.pop("role", Role.MEMBER), by=by, now=NOW, **kwargs)  # type: ignore[arg-type]


# --- invitation_create ------------------------------------------------------------------------


def test_it_stores_only_the_hash_of_the_token(centre: CertificationCentre, admin: User) -> None:
    invitation, token = _invite(centre, admin)
    invitation.refresh_from_db()
    assert len(token) >= 40
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in {str(v) for v in Invitation.objects.values_list(*[f.attname for f in Invitation._meta.fields]).get()}
    assert (invitation.email, invitation.role, invitation.invited_by) == ("nouvelle@centre.fr", Role.MEMBER, admin)
    assert invitation.expires_at == NOW + dt.timedelta(days=7)
    assert invitation.is_pending(NOW)


def test_it_lowercases_the_invited_address(centre: CertificationCentre, admin: User) -> None:
    invitation, _token = _invite(centre, admin, email="  Nouvelle@Centre.FR ")
    assert invitation.email == "nouvelle@centre.fr"


def test_it_records_the_invitation(centre: CertificationCentre, admin: User) -> None:
    _invite(centre, admin, role=Role.ADMIN)
    event = CentreEvent.objects.get()
    assert (event.kind, event.actor, event.at, event.data) == (
        "invitation.sent", admin, NOW, {"email": "nouvelle@centre.fr", "role": "ADMIN"},
    )


def test_it_sends_the_link_by_email_after_commit(
    centre: CertificationCentre, admin: User, django_capture_on_commit_callbacks: object
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        _invitation, token = _invite(centre, admin)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nouvelle@centre.fr"]
    assert message.subject == "Invitation à rejoindre Université de test sur Pix Certif"
    assert f"/invitation/{token}/" in message.body


def test_it_sends_nothing_if_the_transaction_rolls_back(
    centre: CertificationCentre, admin: User, django_capture_on_commit_callbacks: object
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:  # type: ignore[operator]
        _invite(centre, admin)
    assert len(callbacks) == 1
    assert mail.outbox == []


def test_it_replaces_the_old_link_when_inviting_again(centre: CertificationCentre, admin: User) -> None:
    old, old_token = _invite(centre, admin)
    new, new_token = _invite(centre, admin)
    old.refresh_from_db()
    assert old.cancelled_at == NOW
    with pytest.raises(CentreError, match=INVALID_LINK):
        invitation_find(old_token, now=NOW)
    assert invitation_find(new_token, now=NOW) == new


def test_it_only_lets_an_admin_invite(centre: CertificationCentre, member: User, stranger: User) -> None:
    for user in (member, stranger):
        with pytest.raises(CentreError, match=ONLY_ADMIN):
            _invite(centre, user)
    assert not Invitation.objects.exists()


def test_it_refuses_to_invite_a_member(centre: CertificationCentre, admin: User, member: User) -> None:
    with pytest.raises(CentreError, match=re.escape("Cette personne est déjà membre du centre.")) as error:
        _invite(centre, admin, email="MEMBRE@centre.fr")
    assert error.value.field == "email"


# --- invitation_cancel ------------------------------------------------------------------------


def test_it_cancels_a_pending_invitation(centre: CertificationCentre, admin: User) -> None:
    invitation, token = _invite(centre, admin)
    invitation_cancel(invitation=invitation, by=admin, now=NOW)
    invitation.refresh_from_db()
    assert invitation.cancelled_at == NOW
    assert CentreEvent.objects.filter(kind="invitation.cancelled", actor=admin).exists()
    with pytest.raises(CentreError, match=INVALID_LINK):
        invitation_find(token, now=NOW)


def test_it_refuses_to_cancel_twice(centre: CertificationCentre, admin: User) -> None:
    invitation, _token = _invite(centre, admin)
    invitation_cancel(invitation=invitation, by=admin, now=NOW)
    with pytest.raises(CentreError, match=re.escape("Cette invitation n'est plus en attente.")):
        invitation_cancel(invitation=invitation, by=admin, now=NOW)


def test_it_only_lets_an_admin_cancel(centre: CertificationCentre, admin: User, member: User) -> None:
    invitation, _token = _invite(centre, admin)
    with pytest.raises(CentreError, match=ONLY_ADMIN):
        invitation_cancel(invitation=invitation, by=member, now=NOW)


# --- invitation_accept ------------------------------------------------------------------------


def test_it_makes_the_invited_user_a_member_with_the_invited_role(centre: CertificationCentre, admin: User) -> None:
    _invitation, token = _invite(centre, admin, email="Invitee@Centre.fr", role=Role.ADMIN)
    user = UserFactory(email="invitee@centre.fr")
    later = NOW + dt.timedelta(days=2)
    membership = invitation_accept(token=token, user=user, now=later)
    assert (membership.centre, membership.user, membership.role) == (centre, user, Role.ADMIN)
    invitation = Invitation.objects.get()
    assert (invitation.accepted_at, invitation.accepted_by) == (later, user)
    kinds = set(CentreEvent.objects.values_list("kind", flat=True))
    assert {"membership.created", "invitation.accepted"} <= kinds


def test_it_refuses_a_link_used_twice(centre: CertificationCentre, admin: User) -> None:
    _invitation, token = _invite(centre, admin)
    user = UserFactory(email="nouvelle@centre.fr")
    invitation_accept(token=token, user=user, now=NOW)
    with pytest.raises(CentreError, match=INVALID_LINK):
        invitation_accept(token=token, user=user, now=NOW)
    assert Membership.objects.filter(user=user).count() == 1


def test_it_refuses_an_expired_link(centre: CertificationCentre, admin: User) -> None:
    _invitation, token = _invite(centre, admin)
    user = UserFactory(email="nouvelle@centre.fr")
    expired = NOW + dt.timedelta(days=7)
    with pytest.raises(CentreError, match=INVALID_LINK):
        invitation_accept(token=token, user=user, now=expired)
    with pytest.raises(CentreError, match=INVALID_LINK):
        invitation_find(token, now=expired)
    assert invitation_find(token, now=expired - dt.timedelta(seconds=1))
    assert not Membership.objects.filter(user=user).exists()


def test_it_refuses_an_unknown_link(db: None) -> None:
    with pytest.raises(CentreError, match=INVALID_LINK):
        invitation_find("nimporte-quoi", now=NOW)


def test_it_refuses_a_user_with_another_email(centre: CertificationCentre, admin: User, stranger: User) -> None:
    _invitation, token = _invite(centre, admin)
    with pytest.raises(CentreError) as error:
        invitation_accept(token=token, user=stranger, now=NOW)
    assert error.value.message == (
        "Cette invitation a été envoyée à nouvelle@centre.fr : connectez-vous avec cette adresse pour l'accepter."
    )
    assert not Membership.objects.filter(user=stranger, centre=centre).exists()
    assert Invitation.objects.get().accepted_at is None


def test_it_creates_the_account_of_an_invited_person(centre: CertificationCentre, admin: User) -> None:
    _invitation, token = _invite(centre, admin)
    membership = invitation_accept_with_signup(
        token=token, first_name="Nina", last_name="Simone", password="Un-mot-de-passe-solide-31", now=NOW
    )
    user = membership.user
    assert (user.email, user.first_name, user.last_name) == ("nouvelle@centre.fr", "Nina", "Simone")
    assert user.check_password("Un-mot-de-passe-solide-31")
    assert membership.centre == centre


def test_it_refuses_a_signup_when_the_account_exists(centre: CertificationCentre, admin: User) -> None:
    _invitation, token = _invite(centre, admin)
    UserFactory(email="nouvelle@centre.fr")
    with pytest.raises(CentreError, match="Un compte existe déjà pour cette adresse"):
        invitation_accept_with_signup(token=token, first_name="N", last_name="S", password="x", now=NOW)


# --- through the pages ------------------------------------------------------------------------


def _text(response: HttpResponse) -> str:
    return html.unescape(response.content.decode())


def _link_from_outbox() -> str:
    match = re.search(r"https?://[^/\s]+(/invitation/[^/\s]+/)", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(1)


def test_it_invites_through_the_members_page_and_the_link_works(
    admin_client: Client, centre: CertificationCentre, django_capture_on_commit_callbacks: object, client: Client
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        response = admin_client.post("/centre/invitations/", {"email": "nouvelle@centre.fr", "role": "MEMBER"}, follow=True)
    assert response.redirect_chain == [("/centre/", 302)]
    text = _text(response)
    assert "Une invitation a été envoyée à nouvelle@centre.fr." in text
    assert "Invitations en attente" in text
    link = _link_from_outbox()

    admin_client.logout()
    page = client.get(link)
    assert page.status_code == 200
    assert "Rejoindre Université de test" in _text(page)
    assert "Créer votre compte" in _text(page)
    response = client.post(
        link,
        {"first_name": "Nina", "last_name": "Simone", "password1": "Un-mot-de-passe-solide-31",
         "password2": "Un-mot-de-passe-solide-31"},
        follow=True,
    )
    assert response.redirect_chain == [("/sessions/", 302)]
    assert "Bienvenue dans l'espace Pix Certif de Université de test." in _text(response)
    user = User.objects.get(email="nouvelle@centre.fr")
    assert Membership.objects.filter(user=user, centre=centre, role=Role.MEMBER).exists()
    assert response.wsgi_request.user == user
    assert client.get(link).status_code == 404  # one-time link


def test_it_lets_an_existing_user_accept_once_logged_in(
    admin_client: Client, centre: CertificationCentre, django_capture_on_commit_callbacks: object, client: Client
) -> None:
    invitee = UserFactory(email="deja@inscrit.fr")
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        admin_client.post("/centre/invitations/", {"email": "deja@inscrit.fr", "role": "ADMIN"})
    link = _link_from_outbox()
    admin_client.logout()
    assert "connectez-vous, puis revenez sur ce lien" in _text(client.get(link))
    client.force_login(invitee)
    response = client.post(link, follow=True)
    assert response.redirect_chain == [("/sessions/", 302)]
    assert Membership.objects.get(user=invitee).role == Role.ADMIN
    assert invitee.check_password(PASSWORD)


def test_it_tells_a_logged_in_user_with_another_address(
    centre: CertificationCentre, admin: User, stranger_client: Client
) -> None:
    _invitation, token = _invite(centre, admin)
    response = stranger_client.post(f"/invitation/{token}/")
    assert response.status_code == 200
    assert "Cette invitation a été envoyée à nouvelle@centre.fr" in _text(response)


def test_it_shows_a_french_page_for_an_invalid_link(client: Client, db: None) -> None:
    response = client.get("/invitation/inconnu/")
    assert response.status_code == 404
    assert INVALID_LINK in _text(response)


def test_it_shows_the_signup_errors(centre: CertificationCentre, admin: User, client: Client) -> None:
    _invitation, token = _invite(centre, admin)
    response = client.post(
        f"/invitation/{token}/",
        {"first_name": "Nina", "last_name": "Simone", "password1": "Un-mot-de-passe-solide-31", "password2": "autre"},
    )
    assert response.status_code == 200
    assert "Les deux mots de passe ne correspondent pas." in _text(response)
    assert not User.objects.filter(email="nouvelle@centre.fr").exists()


def test_it_shows_a_french_error_for_an_invalid_address(admin_client: Client) -> None:
    response = admin_client.post("/centre/invitations/", {"email": "pas-une-adresse", "role": "MEMBER"}, follow=True)
    assert "Saisissez une adresse e-mail valide." in _text(response)
    assert not Invitation.objects.exists()


def test_it_tells_a_member_that_only_admins_invite(member_client: Client) -> None:
    response = member_client.post("/centre/invitations/", {"email": "x@centre.fr", "role": "MEMBER"}, follow=True)
    assert ONLY_ADMIN in _text(response)
    assert not Invitation.objects.exists()


def test_it_cancels_through_the_members_page(admin_client: Client, centre: CertificationCentre, admin: User) -> None:
    invitation, _token = _invite(centre, admin)
    response = admin_client.post(f"/centre/invitations/{invitation.pk}/annuler/", follow=True)
    assert "L'invitation de nouvelle@centre.fr a été annulée." in _text(response)
    invitation.refresh_from_db()
    assert invitation.cancelled_at is not None

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from centres.models import CentreEvent, CertificationCentre, Membership, Role
from centres.services import CentreError, membership_change_role, membership_remove, membership_set_referent
from tests.accounts.factories import UserFactory
from tests.centres.factories import MembershipFactory

NOW = dt.datetime(2031, 1, 20, 8, 30, tzinfo=dt.UTC)
LAST_ADMIN_REMOVED = "Le dernier administrateur du centre ne peut pas être retiré."
LAST_ADMIN_DEMOTED = "Le centre doit garder au moins un administrateur."
ONLY_ADMIN = "Seul un administrateur du centre peut faire cette action."


def _text(response: HttpResponse) -> str:
    return html.unescape(response.content.decode())


# --- membership_change_role -------------------------------------------------------------------


def test_it_lets_an_admin_change_a_role_and_records_it(
    admin: User, member_membership: Membership
) -> None:
    membership_change_role(membership=member_membership, role=Role.ADMIN, by=admin, now=NOW)
    member_membership.refresh_from_db()
    assert member_membership.role == Role.ADMIN
    event = CentreEvent.objects.get()
    assert (event.kind, event.actor, event.at, event.data) == (
        "membership.role_changed", admin, NOW, {"user": "membre@centre.fr", "old": "MEMBER", "new": "ADMIN"},
    )


def test_it_refuses_to_demote_the_last_admin(admin_membership: Membership, admin: User) -> None:
    with pytest.raises(CentreError) as error:
        membership_change_role(membership=admin_membership, role=Role.MEMBER, by=admin, now=NOW)
    assert error.value.message == LAST_ADMIN_DEMOTED
    admin_membership.refresh_from_db()
    assert admin_membership.role == Role.ADMIN
    assert not CentreEvent.objects.exists()


def test_it_lets_an_admin_step_down_when_another_remains(
    centre: CertificationCentre, admin_membership: Membership, admin: User
) -> None:
    MembershipFactory(centre=centre, role=Role.ADMIN)
    membership_change_role(membership=admin_membership, role=Role.MEMBER, by=admin, now=NOW)
    assert Membership.objects.get(pk=admin_membership.pk).role == Role.MEMBER


def test_it_does_not_count_a_removed_admin(centre: CertificationCentre, admin_membership: Membership, admin: User) -> None:
    MembershipFactory(centre=centre, role=Role.ADMIN, disabled_at=NOW)
    with pytest.raises(CentreError, match=LAST_ADMIN_DEMOTED):
        membership_change_role(membership=admin_membership, role=Role.MEMBER, by=admin, now=NOW)


def test_it_does_not_count_an_admin_of_another_centre(admin_membership: Membership, admin: User, stranger: User) -> None:
    with pytest.raises(CentreError, match=LAST_ADMIN_DEMOTED):
        membership_change_role(membership=admin_membership, role=Role.MEMBER, by=admin, now=NOW)


def test_it_only_lets_an_admin_change_roles(
    admin_membership: Membership, member_membership: Membership, member: User, stranger: User
) -> None:
    for user in (member, stranger):
        with pytest.raises(CentreError, match=ONLY_ADMIN):
            membership_change_role(membership=member_membership, role=Role.ADMIN, by=user, now=NOW)
    assert Membership.objects.get(pk=member_membership.pk).role == Role.MEMBER


def test_it_does_nothing_when_the_role_is_unchanged(member_membership: Membership, admin: User) -> None:
    membership_change_role(membership=member_membership, role=Role.MEMBER, by=admin, now=NOW)
    assert not CentreEvent.objects.exists()


# --- membership_remove ------------------------------------------------------------------------


def test_it_removes_a_member_keeping_the_row(admin: User, member_membership: Membership) -> None:
    membership_remove(membership=member_membership, by=admin, now=NOW)
    member_membership.refresh_from_db()
    assert member_membership.disabled_at == NOW
    assert not member_membership.is_active
    assert CentreEvent.objects.get().kind == "membership.removed"


def test_it_refuses_to_remove_the_last_admin(admin_membership: Membership, admin: User, member: User) -> None:
    with pytest.raises(CentreError) as error:
        membership_remove(membership=admin_membership, by=admin, now=NOW)
    assert error.value.message == LAST_ADMIN_REMOVED
    assert Membership.objects.get(pk=admin_membership.pk).is_active


def test_it_removes_an_admin_when_another_remains(centre: CertificationCentre, admin_membership: Membership) -> None:
    other = MembershipFactory(centre=centre, role=Role.ADMIN).user
    membership_remove(membership=admin_membership, by=other, now=NOW)
    assert not Membership.objects.get(pk=admin_membership.pk).is_active


def test_it_refuses_to_remove_twice(admin: User, member_membership: Membership) -> None:
    membership_remove(membership=member_membership, by=admin, now=NOW)
    with pytest.raises(CentreError, match=re.escape("Ce membre a déjà été retiré du centre.")):
        membership_remove(membership=member_membership, by=admin, now=NOW)


def test_it_only_lets_an_admin_remove(admin_membership: Membership, member: User) -> None:
    with pytest.raises(CentreError, match=ONLY_ADMIN):
        membership_remove(membership=admin_membership, by=member, now=NOW)


def test_it_takes_the_referent_title_from_a_removed_member(admin: User, member_membership: Membership) -> None:
    membership_set_referent(membership=member_membership, by=admin, now=NOW)
    membership_remove(membership=member_membership, by=admin, now=NOW)
    assert not Membership.objects.get(pk=member_membership.pk).is_referent


def test_it_lets_a_removed_member_be_added_again(
    centre: CertificationCentre, admin: User, member_membership: Membership
) -> None:
    membership_remove(membership=member_membership, by=admin, now=NOW)
    MembershipFactory(centre=centre, user=member_membership.user)
    assert Membership.objects.filter(centre=centre, user=member_membership.user).count() == 2


# --- membership_set_referent ------------------------------------------------------------------


def test_it_keeps_exactly_one_referent(
    centre: CertificationCentre, admin_membership: Membership, member_membership: Membership, admin: User
) -> None:
    membership_set_referent(membership=admin_membership, by=admin, now=NOW)
    membership_set_referent(membership=member_membership, by=admin, now=NOW)
    referents = Membership.objects.filter(centre=centre, is_referent=True)
    assert list(referents) == [member_membership]
    assert CentreEvent.objects.filter(kind="membership.referent_named").count() == 2


def test_it_names_the_same_referent_idempotently(admin: User, member_membership: Membership) -> None:
    membership_set_referent(membership=member_membership, by=admin, now=NOW)
    membership_set_referent(membership=member_membership, by=admin, now=NOW)
    assert CentreEvent.objects.filter(kind="membership.referent_named").count() == 1


def test_it_keeps_referents_per_centre(admin: User, member_membership: Membership, stranger: User) -> None:
    other = Membership.objects.get(user=stranger)
    membership_set_referent(membership=other, by=stranger, now=NOW)
    membership_set_referent(membership=member_membership, by=admin, now=NOW)
    assert Membership.objects.get(pk=other.pk).is_referent


def test_it_only_lets_an_admin_name_the_referent(member_membership: Membership, member: User) -> None:
    with pytest.raises(CentreError, match=ONLY_ADMIN):
        membership_set_referent(membership=member_membership, by=member, now=NOW)


def test_it_refuses_a_removed_member_as_referent(admin: User, member_membership: Membership) -> None:
    membership_remove(membership=member_membership, by=admin, now=NOW)
    with pytest.raises(CentreError, match=re.escape("Ce membre a déjà été retiré du centre.")):
        membership_set_referent(membership=member_membership, by=admin, now=NOW)


# --- the members page -------------------------------------------------------------------------


def test_it_lists_the_active_members(
    admin_client: Client, centre: CertificationCentre, member_membership: Membership, stranger: User
) -> None:
    MembershipFactory(centre=centre, user=UserFactory(email="parti@centre.fr"), disabled_at=NOW)
    response = admin_client.get("/centre/")
    assert response.status_code == 200
    text = _text(response)
    assert "Équipe de Université de test" in text
    assert "admin@centre.fr" in text
    assert "membre@centre.fr" in text
    assert "parti@centre.fr" not in text
    assert "etranger@autre.fr" not in text
    assert "Inviter un membre" in text


def test_it_shows_members_no_admin_controls(member_client: Client, admin: User) -> None:
    text = _text(member_client.get("/centre/"))
    assert "admin@centre.fr" in text
    assert "Inviter un membre" not in text
    assert "Seul un administrateur du centre peut inviter des membres et modifier les rôles." in text


def test_it_changes_a_role_through_the_page(admin_client: Client, member_membership: Membership) -> None:
    response = admin_client.post(f"/centre/membres/{member_membership.pk}/role/", {"role": "ADMIN"}, follow=True)
    assert response.redirect_chain == [("/centre/", 302)]
    assert f"Le rôle de {member_membership.user} a été modifié." in _text(response)
    assert Membership.objects.get(pk=member_membership.pk).role == Role.ADMIN


def test_it_explains_why_the_last_admin_keeps_the_role(admin_client: Client, admin_membership: Membership) -> None:
    response = admin_client.post(f"/centre/membres/{admin_membership.pk}/role/", {"role": "MEMBER"}, follow=True)
    assert LAST_ADMIN_DEMOTED in _text(response)
    assert Membership.objects.get(pk=admin_membership.pk).role == Role.ADMIN


def test_it_ignores_an_unknown_role(admin_client: Client, member_membership: Membership) -> None:
    response = admin_client.post(f"/centre/membres/{member_membership.pk}/role/", {"role": "ROI"})
    assert response.status_code == 302
    assert Membership.objects.get(pk=member_membership.pk).role == Role.MEMBER


def test_it_removes_through_the_page(admin_client: Client, member_membership: Membership) -> None:
    response = admin_client.post(f"/centre/membres/{member_membership.pk}/retirer/", follow=True)
    assert f"{member_membership.user} a été retiré(e) du centre." in _text(response)
    assert not Membership.objects.get(pk=member_membership.pk).is_active


def test_it_explains_why_the_last_admin_stays(admin_client: Client, admin_membership: Membership) -> None:
    response = admin_client.post(f"/centre/membres/{admin_membership.pk}/retirer/", follow=True)
    assert LAST_ADMIN_REMOVED in _text(response)


def test_it_names_the_referent_through_the_page(admin_client: Client, member_membership: Membership) -> None:
    response = admin_client.post(f"/centre/membres/{member_membership.pk}/referent/", follow=True)
    assert f"{member_membership.user} est maintenant le référent Pix du centre." in _text(response)
    assert Membership.objects.get(pk=member_membership.pk).is_referent


def test_it_tells_a_member_that_only_admins_change_roles(member_client: Client, admin_membership: Membership) -> None:
    response = member_client.post(f"/centre/membres/{admin_membership.pk}/retirer/", follow=True)
    assert ONLY_ADMIN in _text(response)
    assert Membership.objects.get(pk=admin_membership.pk).is_active


def _count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_it_makes_as_many_queries_for_twenty_members_as_for_one(
    admin_client: Client, centre: CertificationCentre, admin: User
) -> None:
    admin_client.get("/centre/")
    one = _count_queries(admin_client, "/centre/")
    for membership in MembershipFactory.create_batch(19, centre=centre):
        membership_set_referent(membership=membership, by=admin, now=NOW)
    assert _count_queries(admin_client, "/centre/") == one

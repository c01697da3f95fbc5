"""The admin manages members and derogations through centres.services: same rules, same messages, a CentreEvent each."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.contrib.auth.models import Group
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from accounts.models import User
from centres.event_labels import centre_event_details
from centres.models import CentreEvent, CertificationCentre, Derogation, Invitation, Membership, Role
from centres.services import CentreError, membership_remove
from tests.accounts.factories import UserFactory
from tests.centres.factories import MembershipFactory

CHANGELIST = reverse("admin:centres_membership_changelist")


def _text(response: HttpResponse) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def superuser(db: None) -> User:
    return UserFactory(email="support@pix.fr", is_staff=True, is_superuser=True)


@pytest.fixture
def super_client(client: Client, superuser: User) -> Client:
    client.force_login(superuser)
    return client


def _action(client: Client, action: str, *memberships: Membership) -> HttpResponse:
    return client.post(CHANGELIST, {"action": action, "_selected_action": [m.pk for m in memberships]}, follow=True)


def _last_event(centre: CertificationCentre) -> CentreEvent:
    return CentreEvent.objects.filter(centre=centre).latest("at", "id")


def test_it_adds_a_member_through_the_service_and_records_it(
    super_client: Client, superuser: User, centre: CertificationCentre
) -> None:
    newcomer = UserFactory(email="nouveau@centre.fr")
    response = super_client.post(
        reverse("admin:centres_membership_add"), {"user": newcomer.pk, "centre": centre.pk, "role": Role.ADMIN}
    )
    assert response.status_code == 302, _text(response)[:2000]
    assert Membership.objects.get(centre=centre, user=newcomer).role == Role.ADMIN
    event = _last_event(centre)
    assert (event.kind, event.actor, event.data) == (
        "membership.created",
        superuser,
        {"user": "nouveau@centre.fr", "role": "ADMIN"},
    )


def test_it_refuses_to_add_an_active_member_again_with_the_centre_message(
    super_client: Client, member_membership: Membership
) -> None:
    response = super_client.post(
        reverse("admin:centres_membership_add"),
        {"user": member_membership.user_id, "centre": member_membership.centre_id, "role": Role.MEMBER},
    )
    assert response.status_code == 200
    assert "Cette personne est déjà membre du centre." in _text(response)
    assert Membership.objects.filter(user=member_membership.user_id).count() == 1
    assert not CentreEvent.objects.exists()


def test_it_changes_a_role_by_an_action_through_the_service(
    super_client: Client, superuser: User, admin_membership: Membership, member_membership: Membership
) -> None:
    _action(super_client, "make_admin", member_membership)
    member_membership.refresh_from_db()
    assert member_membership.role == Role.ADMIN
    event = _last_event(member_membership.centre)
    assert (event.kind, event.actor, event.data) == (
        "membership.role_changed",
        superuser,
        {"user": "membre@centre.fr", "old": "MEMBER", "new": "ADMIN"},
    )


def test_it_keeps_the_last_admin_rule_with_its_message(super_client: Client, admin_membership: Membership) -> None:
    response = _action(super_client, "make_member", admin_membership)
    assert "Le centre doit garder au moins un administrateur." in _text(response)
    response = _action(super_client, "remove", admin_membership)
    assert "Le dernier administrateur du centre ne peut pas être retiré." in _text(response)
    admin_membership.refresh_from_db()
    assert admin_membership.role == Role.ADMIN and admin_membership.is_active
    assert not CentreEvent.objects.exists()


def test_it_removes_a_member_keeping_the_row_and_records_it(
    super_client: Client, superuser: User, admin_membership: Membership, member_membership: Membership
) -> None:
    _action(super_client, "remove", member_membership)
    member_membership.refresh_from_db()
    assert member_membership.disabled_at is not None
    event = _last_event(member_membership.centre)
    assert (event.kind, event.actor, event.data) == ("membership.removed", superuser, {"user": "membre@centre.fr"})


def test_it_names_the_referent_through_the_service(
    super_client: Client, superuser: User, admin_membership: Membership, member_membership: Membership
) -> None:
    _action(super_client, "name_referent", member_membership)
    member_membership.refresh_from_db()
    assert member_membership.is_referent
    assert _last_event(member_membership.centre).kind == "membership.referent_named"


def test_it_never_edits_nor_deletes_a_membership_row(super_client: Client, member_membership: Membership) -> None:
    url = reverse("admin:centres_membership_change", args=[member_membership.pk])
    assert super_client.get(url).status_code == 200
    assert super_client.post(url, {"role": Role.ADMIN}).status_code == 403
    assert super_client.post(reverse("admin:centres_membership_delete", args=[member_membership.pk])).status_code == 403
    _action(super_client, "delete_selected", member_membership)
    member_membership.refresh_from_db()
    assert member_membership.role == Role.MEMBER and member_membership.is_active


def test_the_support_group_adds_and_manages_members_through_the_services(
    client: Client, staff: User, admin_membership: Membership, member_membership: Membership
) -> None:
    staff.groups.add(*Group.objects.filter(name="Support"))
    client.force_login(staff)
    newcomer = UserFactory(email="nouveau@centre.fr")
    response = client.post(
        reverse("admin:centres_membership_add"),
        {"user": newcomer.pk, "centre": member_membership.centre_id, "role": Role.MEMBER},
    )
    assert response.status_code == 302
    _action(client, "make_admin", member_membership)
    member_membership.refresh_from_db()
    assert member_membership.role == Role.ADMIN
    kinds = list(CentreEvent.objects.filter(actor=staff).order_by("id").values_list("kind", flat=True))
    assert kinds == ["membership.created", "membership.role_changed"]


def test_the_jury_group_cannot_change_members(
    client: Client, staff: User, admin_membership: Membership, member_membership: Membership
) -> None:
    staff.groups.add(*Group.objects.filter(name="Jury"))
    client.force_login(staff)
    _action(client, "make_admin", member_membership)
    assert client.get(reverse("admin:centres_membership_add")).status_code == 403
    member_membership.refresh_from_db()
    assert member_membership.role == Role.MEMBER
    assert not CentreEvent.objects.exists()


def test_an_invitation_is_read_only_in_the_admin(
    super_client: Client, centre: CertificationCentre, admin: User
) -> None:
    invitation = Invitation.objects.create(
        centre=centre,
        email="invite@centre.fr",
        role=Role.MEMBER,
        token_hash="x" * 64,
        invited_by=admin,
        created_at=centre.created_at,
        expires_at=centre.created_at,
    )
    assert super_client.get(reverse("admin:centres_invitation_change", args=[invitation.pk])).status_code == 200
    assert super_client.post(reverse("admin:centres_invitation_delete", args=[invitation.pk])).status_code == 403
    assert Invitation.objects.filter(pk=invitation.pk).exists()


def test_a_plain_member_still_cannot_remove_anyone(member: User, member_membership: Membership) -> None:
    # The staff path is the admin's permission, not a membership: the centre's rule is unchanged.
    with pytest.raises(CentreError):
        membership_remove(membership=MembershipFactory(centre=member_membership.centre), by=member)


# --- derogations (inline of the centre) ---------------------------------------------------------


def _centre_post(client: Client, centre: CertificationCentre, derogations: list[dict[str, object]]) -> HttpResponse:
    """The centre's change form: its fields, the derogations' rows; the read-only inlines send no row."""
    data: dict[str, object] = {
        "name": centre.name,
        "type": centre.type,
        "sco_subtype": centre.sco_subtype,
        "uai": centre.uai,
    }
    for prefix in ("memberships", "events"):
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    initial = sum(1 for row in derogations if row.get("id"))
    data |= {"derogations-TOTAL_FORMS": len(derogations), "derogations-INITIAL_FORMS": initial}
    for index, row in enumerate(derogations):
        data |= {f"derogations-{index}-{key}": value for key, value in row.items()}
        data[f"derogations-{index}-centre"] = centre.pk
    return client.post(reverse("admin:centres_certificationcentre_change", args=[centre.pk]), data)


def test_a_derogation_is_granted_changed_and_withdrawn_through_the_services(
    super_client: Client, superuser: User, centre: CertificationCentre
) -> None:
    row = {"starts_on": "2031-05-21", "ends_on": "2031-05-28", "reason": "Académie"}
    response = _centre_post(super_client, centre, [row])
    assert response.status_code == 302, _text(response)[:3000]
    derogation = Derogation.objects.get(centre=centre)
    assert derogation.granted_by == superuser
    event = _last_event(centre)
    assert (event.kind, event.actor, event.data) == (
        "derogation.granted",
        superuser,
        {"starts_on": "2031-05-21", "ends_on": "2031-05-28", "reason": "Académie"},
    )
    assert event.get_kind_display() == "Dérogation accordée"
    # PostgreSQL (jsonb) keeps its own key order: compare the lines, not their order.
    assert set(centre_event_details(event).splitlines()) == {"Du : 21/05/2031", "Au : 28/05/2031", "Motif : Académie"}

    response = _centre_post(super_client, centre, [{**row, "id": derogation.pk, "ends_on": "2031-05-30"}])
    assert response.status_code == 302, _text(response)[:3000]
    derogation.refresh_from_db()
    assert derogation.ends_on == dt.date(2031, 5, 30)
    event = _last_event(centre)
    assert (event.kind, event.data) == ("derogation.updated", {"changes": {"ends_on": ["2031-05-28", "2031-05-30"]}})

    response = _centre_post(super_client, centre, [{**row, "id": derogation.pk, "DELETE": "on"}])
    assert response.status_code == 302, _text(response)[:3000]
    assert not Derogation.objects.filter(centre=centre).exists()
    assert _last_event(centre).kind == "derogation.withdrawn"
    assert CentreEvent.objects.filter(centre=centre).count() == 3


def test_a_derogation_ending_before_it_starts_is_refused_and_not_recorded(
    super_client: Client, centre: CertificationCentre
) -> None:
    response = _centre_post(super_client, centre, [{"starts_on": "2031-05-28", "ends_on": "2031-05-21", "reason": "X"}])
    assert response.status_code == 200
    assert not Derogation.objects.exists() and not CentreEvent.objects.exists()

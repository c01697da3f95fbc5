"""Every write about centres: memberships, invitations, derogations, audit."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.signup import account_create, account_exists
from centres.imports import StudentRow, parse_roster
from centres.imports.common import STUDENT_ROW_FIELDS
from centres.models import (
    CentreEvent,
    CertificationCentre,
    Derogation,
    Invitation,
    Membership,
    Role,
    Student,
    student_search_key,
)
from centres.tasks import invitation_send_email
from pixcertif.lib.errors import ServiceError
from pixcertif.lib.tasks import enqueue_on_commit


class CentreError(ServiceError):
    pass


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def centre_event_record(
    *, centre: CertificationCentre, kind: str, by: User | None, now: dt.datetime, **data: Any
) -> CentreEvent:
    return CentreEvent.objects.create(centre=centre, kind=kind, actor=by, at=now, data=data)


# Pix staff manage members from the admin (centres/admin.py) under the same rules as a centre admin.
STAFF_MANAGES_MEMBERS = "centres.change_membership"


def _require_admin(centre: CertificationCentre, by: User, *, staff_permission: str | None = None) -> None:
    if staff_permission and by.is_staff and by.has_perm(staff_permission):
        return
    if not Membership.objects.filter(centre=centre, user=by, role=Role.ADMIN, disabled_at__isnull=True).exists():
        raise CentreError(_("Seul un administrateur du centre peut faire cette action."))


def membership_check_new(*, centre: CertificationCentre, user: User) -> None:
    """Refuse a second active membership of the same person (the admin's add form asks before saving)."""
    if Membership.objects.filter(centre=centre, user=user, disabled_at__isnull=True).exists():
        raise CentreError(_("Cette personne est déjà membre du centre."))


def _other_active_admins(membership: Membership) -> bool:
    return (
        Membership.objects.filter(centre=membership.centre, role=Role.ADMIN, disabled_at__isnull=True)
        .exclude(pk=membership.pk)
        .exists()
    )


def membership_mark_used(*, membership: Membership, now: dt.datetime | None = None) -> None:
    """The member switched to this centre: his next login lands here. A preference, not an audited change."""
    Membership.objects.filter(pk=membership.pk).update(last_used_at=now or timezone.now())


def membership_create(
    *,
    centre: CertificationCentre,
    user: User,
    role: str = Role.MEMBER,
    by: User | None = None,
    now: dt.datetime | None = None,
) -> Membership:
    now = now or timezone.now()
    with transaction.atomic():
        list(Membership.objects.select_for_update().filter(centre=centre, user=user, disabled_at__isnull=True))
        membership_check_new(centre=centre, user=user)
        membership = Membership.objects.create(centre=centre, user=user, role=role)
        centre_event_record(centre=centre, kind="membership.created", by=by, now=now, user=user.email, role=role)
    return membership


def membership_change_role(
    *, membership: Membership, role: str, by: User, now: dt.datetime | None = None
) -> Membership:
    now = now or timezone.now()
    with transaction.atomic():
        # Lock every admin row of the centre: two admins demoting each other at once must not
        # both succeed and leave the centre without an administrator.
        list(Membership.objects.select_for_update().filter(centre=membership.centre, role=Role.ADMIN))
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        _require_admin(membership.centre, by, staff_permission=STAFF_MANAGES_MEMBERS)
        if not membership.is_active:
            raise CentreError(_("Ce membre a déjà été retiré du centre."))
        if membership.role == role:
            return membership
        if membership.role == Role.ADMIN and not _other_active_admins(membership):
            raise CentreError(_("Le centre doit garder au moins un administrateur."))
        old = membership.role
        membership.role = role
        membership.save(update_fields=["role"])
        centre_event_record(
            centre=membership.centre,
            kind="membership.role_changed",
            by=by,
            now=now,
            user=membership.user.email,
            old=old,
            new=role,
        )
    return membership


def membership_remove(*, membership: Membership, by: User, now: dt.datetime | None = None) -> Membership:
    now = now or timezone.now()
    with transaction.atomic():
        list(Membership.objects.select_for_update().filter(centre=membership.centre, role=Role.ADMIN))
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        _require_admin(membership.centre, by, staff_permission=STAFF_MANAGES_MEMBERS)
        if not membership.is_active:
            raise CentreError(_("Ce membre a déjà été retiré du centre."))
        if membership.role == Role.ADMIN and not _other_active_admins(membership):
            raise CentreError(_("Le dernier administrateur du centre ne peut pas être retiré."))
        membership.disabled_at = now
        membership.is_referent = False
        membership.save(update_fields=["disabled_at", "is_referent"])
        centre_event_record(
            centre=membership.centre, kind="membership.removed", by=by, now=now, user=membership.user.email
        )
    return membership


def membership_set_referent(*, membership: Membership, by: User, now: dt.datetime | None = None) -> Membership:
    """Name the centre's « Référent Pix » (one at a time)."""
    now = now or timezone.now()
    with transaction.atomic():
        rows = list(Membership.objects.select_for_update().filter(centre=membership.centre, disabled_at__isnull=True))
        _require_admin(membership.centre, by, staff_permission=STAFF_MANAGES_MEMBERS)
        target = next((m for m in rows if m.pk == membership.pk), None)
        if target is None:
            raise CentreError(_("Ce membre a déjà été retiré du centre."))
        for row in rows:
            if row.is_referent and row.pk != target.pk:
                row.is_referent = False
                row.save(update_fields=["is_referent"])
        if not target.is_referent:
            target.is_referent = True
            target.save(update_fields=["is_referent"])
            centre_event_record(
                centre=target.centre, kind="membership.referent_named", by=by, now=now, user=target.user.email
            )
    return target


def invitation_create(
    *, centre: CertificationCentre, email: str, role: str, by: User, now: dt.datetime | None = None
) -> tuple[Invitation, str]:
    """Invite someone by e-mail; returns the invitation and the raw token (sent, never stored).

    Inviting an address again replaces its pending invitation: only the newest link works.
    """
    now = now or timezone.now()
    email = email.strip().lower()
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        _require_admin(centre, by)
        if Membership.objects.filter(centre=centre, user__email=email, disabled_at__isnull=True).exists():
            raise CentreError(_("Cette personne est déjà membre du centre."), field="email")
        Invitation.objects.select_for_update().filter(
            centre=centre, email=email, accepted_at__isnull=True, cancelled_at__isnull=True
        ).update(cancelled_at=now)
        invitation = Invitation.objects.create(
            centre=centre,
            email=email,
            role=role,
            token_hash=hash_token(token),
            invited_by=by,
            created_at=now,
            expires_at=now + settings.PIXCERTIF_INVITATION_VALIDITY,
        )
        centre_event_record(centre=centre, kind="invitation.sent", by=by, now=now, email=email, role=role)
        # A broker outage must not lose the invitation: it is saved; inviting the address again resends.
        enqueue_on_commit(invitation_send_email, invitation.pk, token)
    return invitation, token


def invitation_cancel(*, invitation: Invitation, by: User, now: dt.datetime | None = None) -> Invitation:
    now = now or timezone.now()
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        _require_admin(invitation.centre, by)
        if not invitation.is_pending(now):
            raise CentreError(_("Cette invitation n'est plus en attente."))
        invitation.cancelled_at = now
        invitation.save(update_fields=["cancelled_at"])
        centre_event_record(
            centre=invitation.centre, kind="invitation.cancelled", by=by, now=now, email=invitation.email
        )
    return invitation


def invitation_find(token: str, *, now: dt.datetime | None = None) -> Invitation:
    """The pending invitation behind a link, or CentreError with one neutral message."""
    now = now or timezone.now()
    invitation = Invitation.objects.select_related("centre").filter(token_hash=hash_token(token)).first()
    if invitation is None or not invitation.is_pending(now):
        raise CentreError(_("Ce lien d'invitation n'est plus valide. Demandez une nouvelle invitation."))
    return invitation


def invitation_accept(*, token: str, user: User, now: dt.datetime | None = None) -> Membership:
    now = now or timezone.now()
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().filter(token_hash=hash_token(token)).first()
        if invitation is None or not invitation.is_pending(now):
            raise CentreError(_("Ce lien d'invitation n'est plus valide. Demandez une nouvelle invitation."))
        if invitation.email != user.email.lower():
            raise CentreError(
                _("Cette invitation a été envoyée à %(email)s : connectez-vous avec cette adresse pour l'accepter.")
                % {"email": invitation.email}
            )
        invitation.accepted_at = now
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        membership = membership_create(centre=invitation.centre, user=user, role=invitation.role, by=user, now=now)
        centre_event_record(centre=invitation.centre, kind="invitation.accepted", by=user, now=now, email=user.email)
    return membership


def invitation_accept_with_signup(
    *, token: str, first_name: str, last_name: str, password: str, now: dt.datetime | None = None
) -> Membership:
    """Create the account of an invited person who has none, then accept the invitation."""
    with transaction.atomic():
        invitation = invitation_find(token, now=now)
        # A candidate sign-up asked for this address and never finished does not count (accounts/signup.py).
        if account_exists(invitation.email):
            raise CentreError(
                _("Un compte existe déjà pour cette adresse : connectez-vous pour accepter l'invitation.")
            )
        user = account_create(email=invitation.email, password=password, first_name=first_name, last_name=last_name)
        return invitation_accept(token=token, user=user, now=now)


def derogation_grant(
    *,
    centre: CertificationCentre,
    starts_on: dt.date,
    ends_on: dt.date,
    reason: str,
    by: User,
    now: dt.datetime | None = None,
) -> Derogation:
    """Open dates outside the centre's window (Pix staff, from the admin); the forms check the dates' order."""
    now = now or timezone.now()
    with transaction.atomic():
        derogation = Derogation.objects.create(
            centre=centre, starts_on=starts_on, ends_on=ends_on, reason=reason, granted_by=by
        )
        centre_event_record(
            centre=centre,
            kind="derogation.granted",
            by=by,
            now=now,
            starts_on=starts_on.isoformat(),
            ends_on=ends_on.isoformat(),
            reason=reason,
        )
    return derogation


def derogation_update(
    *,
    derogation: Derogation,
    starts_on: dt.date,
    ends_on: dt.date,
    reason: str,
    by: User,
    now: dt.datetime | None = None,
) -> Derogation:
    now = now or timezone.now()
    with transaction.atomic():
        derogation = Derogation.objects.select_for_update().get(pk=derogation.pk)
        wanted = {"starts_on": starts_on, "ends_on": ends_on, "reason": reason}
        changes = {name: value for name, value in wanted.items() if getattr(derogation, name) != value}
        if not changes:
            return derogation
        before = {name: getattr(derogation, name) for name in changes}
        for name, value in changes.items():
            setattr(derogation, name, value)
        derogation.save(update_fields=list(changes))
        centre_event_record(
            centre=derogation.centre,
            kind="derogation.updated",
            by=by,
            now=now,
            changes={name: [_audit_value(before[name]), _audit_value(value)] for name, value in changes.items()},
        )
    return derogation


def derogation_withdraw(*, derogation: Derogation, by: User, now: dt.datetime | None = None) -> None:
    now = now or timezone.now()
    with transaction.atomic():
        derogation = Derogation.objects.select_for_update().get(pk=derogation.pk)
        centre_event_record(
            centre=derogation.centre,
            kind="derogation.withdrawn",
            by=by,
            now=now,
            starts_on=derogation.starts_on.isoformat(),
            ends_on=derogation.ends_on.isoformat(),
            reason=derogation.reason,
        )
        derogation.delete()


def _audit_value(value: object) -> object:
    return value.isoformat() if isinstance(value, dt.date) else value


@dataclass(frozen=True)
class RosterImportResult:
    created: int
    updated: int
    deactivated: int


def roster_import(
    *, centre: CertificationCentre, by: User | None, uploaded_file: UploadedFile, now: dt.datetime | None = None
) -> RosterImportResult:
    """Replace the centre's roster by a SIECLE or CSV file, all or nothing (DOMAIN.md §1).

    Students are matched by INE: new ones created, known ones updated (and re-activated when they
    come back), those missing from the file marked inactive — never deleted.
    """
    now = now or timezone.now()
    if not centre.is_sco:
        raise CentreError(_("Seuls les établissements scolaires importent une liste d'élèves."))
    # Read the file before taking any lock: parsing thousands of students takes a while.
    kind, rows = parse_roster(uploaded_file, uai=centre.uai, today=timezone.localdate(now))
    with transaction.atomic():
        # The centre row serialises two imports of the same roster (there may be no student row to lock yet).
        CertificationCentre.objects.select_for_update().get(pk=centre.pk)
        existing = {s.ine: s for s in Student.objects.select_for_update().filter(centre=centre)}
        to_create, to_update = _roster_diff(centre, rows, existing)
        seen = {row.ine for row in rows}
        leavers = [s.pk for ine, s in existing.items() if s.is_active and ine not in seen]
        Student.objects.bulk_create(to_create, batch_size=500)
        _roster_write_updates(to_update, now=now)
        for start in range(0, len(leavers), 500):
            Student.objects.filter(pk__in=leavers[start : start + 500]).update(
                is_active=False, left_at=now, updated_at=now
            )
        result = RosterImportResult(created=len(to_create), updated=len(to_update), deactivated=len(leavers))
        centre_event_record(
            centre=centre,
            kind="roster.imported",
            by=by,
            now=now,
            format=kind,
            file=uploaded_file.name or "",
            created=result.created,
            updated=result.updated,
            deactivated=result.deactivated,
        )
    return result


def _roster_diff(
    centre: CertificationCentre, rows: list[StudentRow], existing: dict[str, Student]
) -> tuple[list[Student], list[tuple[Student, dict[str, Any]]]]:
    """The students to create, and the known ones whose data changed with what changed.

    Students whose data did not change are not rewritten.
    """
    to_create: list[Student] = []
    to_update: list[tuple[Student, dict[str, Any]]] = []
    for row in rows:
        values = {name: getattr(row, name) for name in STUDENT_ROW_FIELDS}
        values["search_key"] = student_search_key(
            row.last_name, row.usage_name, row.first_name, row.second_name, row.third_name, row.ine
        )
        student = existing.get(row.ine)
        if student is None:
            to_create.append(Student(centre=centre, **values))
            continue
        changes = {name: value for name, value in values.items() if getattr(student, name) != value}
        if changes or not student.is_active:
            to_update.append((student, changes))
    return to_create, to_update


ROSTER_GROUP_UPDATE_MIN = 5


def _roster_write_updates(to_update: list[tuple[Student, dict[str, Any]]], *, now: dt.datetime) -> None:
    """Write the changes in few queries.

    Students sharing the same change (a class moving up: 2NDE4 → 1G2) get one UPDATE per group;
    the rest go through bulk_update on just the fields that changed, since its cost grows with
    rows × fields.
    """
    groups: dict[tuple[tuple[str, Any], ...], list[Student]] = defaultdict(list)
    for student, changes in to_update:
        groups[tuple(sorted(changes.items()))].append(student)
    singles: list[Student] = []
    fields: set[str] = set()
    for key, students in groups.items():
        if len(students) >= ROSTER_GROUP_UPDATE_MIN:
            pks = [s.pk for s in students]
            for start in range(0, len(pks), 500):
                Student.objects.filter(pk__in=pks[start : start + 500]).update(
                    **dict(key), is_active=True, left_at=None, updated_at=now
                )
            continue
        for student in students:
            for name, value in key:
                setattr(student, name, value)
            student.is_active, student.left_at, student.updated_at = True, None, now
            fields.update(name for name, _value in key)
            singles.append(student)
    Student.objects.bulk_update(singles, [*sorted(fields), "is_active", "left_at", "updated_at"], batch_size=500)

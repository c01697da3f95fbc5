"""Pix staff's « M'assigner la session » and « Définaliser »: guards, messages, events."""

from __future__ import annotations

import pytest

from accounts.models import User
from centres.models import CertificationCentre
from results.services import session_publish
from results.services_staff import StaffActionError, session_assign, session_unfinalise
from sessions_app.models import Session, SessionEvent, SessionStatus
from tests.accounts.factories import UserFactory
from tests.results.publication_factories import NOW, finalised_session, scored_course
from tests.sessions_app.factories import SessionFactory


def _refused(service: object, session: Session, by: User, message: str) -> None:
    before = session.status
    with pytest.raises(StaffActionError) as refusal:
        service(session=session, by=by, now=NOW)  # type: ignore[operator]
    assert refusal.value.message == message
    session.refresh_from_db()
    assert session.status == before
    assert not SessionEvent.objects.filter(session=session).exists()


def test_a_staff_member_assigns_a_finalised_session_to_themselves(centre: CertificationCentre, staff: User) -> None:
    session = finalised_session(centre)

    session_assign(session=session, by=staff, now=NOW)

    session.refresh_from_db()
    assert (session.status, session.assigned_to) == (SessionStatus.IN_PROCESS, staff)
    event = SessionEvent.objects.get(session=session, kind="session.assigned")
    assert (event.actor, event.at, event.data) == (staff, NOW, {"previous_assignee": None})


def test_a_staff_member_takes_over_a_session_in_process(centre: CertificationCentre, staff: User) -> None:
    colleague = UserFactory(is_staff=True)
    session = finalised_session(centre, status=SessionStatus.IN_PROCESS)
    session.assigned_to = colleague
    session.save()

    session_assign(session=session, by=staff, now=NOW)

    session.refresh_from_db()
    assert session.assigned_to == staff
    assert SessionEvent.objects.get(kind="session.assigned").data == {"previous_assignee": colleague.pk}


def test_assigning_a_session_not_finalised_is_refused(centre: CertificationCentre, staff: User) -> None:
    session = SessionFactory(centre=centre)
    _refused(session_assign, session, staff, "La session n'est pas finalisée : elle ne peut pas être assignée.")


def test_assigning_a_session_already_processed_is_refused(centre: CertificationCentre, staff: User) -> None:
    session = finalised_session(centre, status=SessionStatus.PROCESSED)
    _refused(
        session_assign,
        session,
        staff,
        "Les résultats de cette session sont déjà transmis : elle ne peut plus être assignée.",
    )


@pytest.mark.parametrize("service", [session_assign, session_unfinalise])
def test_only_pix_staff_may_act(service: object, centre: CertificationCentre, member: User) -> None:
    session = finalised_session(centre)
    _refused(service, session, member, "Action réservée à l'équipe Pix.")


@pytest.mark.parametrize("status", [SessionStatus.FINALISED, SessionStatus.IN_PROCESS])
def test_unfinalising_hands_the_session_back_to_its_centre(
    status: str, centre: CertificationCentre, staff: User
) -> None:
    session = finalised_session(centre, status=status)
    session.is_publishable = True
    session.assigned_to = staff
    session.save()

    session_unfinalise(session=session, by=staff, now=NOW)

    session.refresh_from_db()
    assert session.status == SessionStatus.CREATED
    assert (session.finalised_at, session.is_publishable, session.assigned_to) == (None, None, None)
    event = SessionEvent.objects.get(session=session, kind="session.unfinalised")
    assert (event.actor, event.at, event.data["status"]) == (staff, NOW, status)


def test_unfinalising_leaves_the_ended_courses_ended(centre: CertificationCentre, staff: User) -> None:
    session = finalised_session(centre)
    course = scored_course(session)
    course.status = "ended_by_finalisation"
    course.save()

    session_unfinalise(session=session, by=staff, now=NOW)

    course.refresh_from_db()
    assert course.status == "ended_by_finalisation"


def test_unfinalising_a_published_session_is_refused(centre: CertificationCentre, staff: User) -> None:
    session = finalised_session(centre)
    scored_course(session)
    session = session_publish(session=session, by=staff, now=NOW)
    SessionEvent.objects.all().delete()
    _refused(
        session_unfinalise,
        session,
        staff,
        "Les résultats de cette session sont publiés : dépubliez-les avant de la définaliser.",
    )


def test_unfinalising_a_session_not_finalised_is_refused(centre: CertificationCentre, staff: User) -> None:
    session = SessionFactory(centre=centre)
    _refused(session_unfinalise, session, staff, "La session n'est pas finalisée : il n'y a rien à définaliser.")

"""The 48-hour deadline sweep with a frozen clock: one reminder, one overdue flag, each e-mail once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from centres.models import CertificationCentre, Membership, Role
from finalisation.deadlines import finalisation_deadlines_sweep, session_finalisation_remind, sessions_due_for_reminder
from finalisation.emails import finalisation_reminder_email_send
from pixcertif.celery import app
from sessions_app.models import Session, SessionEvent, SessionStatus
from tests.accounts.factories import UserFactory
from tests.centres.factories import MembershipFactory
from tests.sessions_app.factories import SessionFactory

pytestmark = pytest.mark.django_db

# 04/03/2030 at 09:00 in Paris (no clock change within 48 h): due 06/03/2030 at 09:00, 08:00 UTC.
DUE = timezone.make_aware(dt.datetime(2030, 3, 6, 9, 0))
Sweep = Callable[[dt.datetime], Any]


@pytest.fixture
def session(centre: CertificationCentre) -> Session:
    return SessionFactory(
        centre=centre,
        date=dt.date(2030, 3, 4),
        time=dt.time(9, 0),
        room="Salle B12",
        finalisation_due_at=DUE,
        started_at=DUE - dt.timedelta(hours=47, minutes=50),
    )


@pytest.fixture
def referent(centre: CertificationCentre) -> Membership:
    return MembershipFactory(
        centre=centre, role=Role.MEMBER, is_referent=True, user=UserFactory(email="Referent@Centre.fr")
    )


@pytest.fixture
def sweep(django_capture_on_commit_callbacks: Any) -> Sweep:
    """One sweep at a frozen time, running what it queued on commit (the e-mails)."""

    def run(now: dt.datetime) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return finalisation_deadlines_sweep(now=now)

    return run


def _events(session: Session, kind: str) -> int:
    return SessionEvent.objects.filter(session=session, kind=kind).count()


@pytest.mark.usefixtures("admin_membership", "member_membership", "referent", "staff")
def test_it_reminds_once_then_flags_overdue_once_however_often_it_runs(session: Session, sweep: Sweep) -> None:
    for now in (DUE - dt.timedelta(hours=25),) * 2:
        report = sweep(now)
        assert report.reminded == [] and report.flagged_overdue == []
    assert mail.outbox == []

    at_23h = DUE - dt.timedelta(hours=23)
    assert sweep(at_23h).reminded == [session.pk]
    assert sweep(at_23h).reminded == []
    assert sweep(at_23h + dt.timedelta(minutes=1)).reminded == []
    session.refresh_from_db()
    assert session.finalisation_reminder_sent_at == at_23h and session.overdue_at is None
    assert len(mail.outbox) == 1
    assert _events(session, "session.finalisation_reminder_sent") == 1

    assert sweep(DUE).flagged_overdue == [session.pk]
    assert sweep(DUE).flagged_overdue == []
    report = sweep(DUE + dt.timedelta(minutes=1))
    assert report.reminded == [] and report.flagged_overdue == []
    session.refresh_from_db()
    assert session.overdue_at == DUE
    assert session.status == SessionStatus.CREATED  # late finalisation stays possible
    assert len(mail.outbox) == 2
    assert _events(session, "session.overdue") == 1
    assert _events(session, "session.finalisation_reminder_sent") == 1


@pytest.mark.usefixtures("admin_membership", "referent")
def test_it_sends_nothing_more_when_an_overlapping_sweep_took_the_session_first(session: Session, sweep: Sweep) -> None:
    now = DUE - dt.timedelta(hours=23)
    stale_selection = list(sessions_due_for_reminder(now=now).values_list("pk", flat=True))
    assert stale_selection == [session.pk]

    assert sweep(now).reminded == [session.pk]  # the other sweep wins
    assert sweep(now).reminded == []
    # The first sweep goes on with what it selected before: its conditional update finds nothing.
    assert [session_finalisation_remind(session_id=pk, now=now) for pk in stale_selection] == [False]

    assert len(mail.outbox) == 1
    assert _events(session, "session.finalisation_reminder_sent") == 1


@pytest.mark.usefixtures("member_membership", "staff")
def test_it_reminds_the_admins_and_the_referent_only_each_address_once(
    session: Session, centre: CertificationCentre, admin_membership: Membership, referent: Membership, sweep: Sweep
) -> None:
    MembershipFactory(centre=centre, role=Role.ADMIN, user=UserFactory(email="retire@centre.fr"), disabled_at=DUE)
    MembershipFactory(centre=centre, role=Role.ADMIN, user=UserFactory(email="inactif@centre.fr", is_active=False))
    MembershipFactory(role=Role.ADMIN, user=UserFactory(email="admin@autre.fr"))

    sweep(DUE - dt.timedelta(hours=23))

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["admin@centre.fr", "referent@centre.fr"]


def test_an_admin_who_is_the_referent_gets_one_email(
    session: Session, admin_membership: Membership, sweep: Sweep
) -> None:
    Membership.objects.filter(pk=admin_membership.pk).update(is_referent=True)

    sweep(DUE - dt.timedelta(hours=23))

    assert mail.outbox[0].to == ["admin@centre.fr"]


@pytest.mark.usefixtures("admin_membership")
def test_the_reminder_reads_in_french_with_number_date_room_local_deadline_and_link(
    session: Session, sweep: Sweep, settings: Any
) -> None:
    settings.SITE_URL = "https://certif.example.fr/"

    sweep(DUE - dt.timedelta(hours=23))

    message = mail.outbox[0]
    assert message.subject == f"Session n° {session.pk} : à finaliser avant le 06/03/2030 à 09:00"
    assert f"La session de certification n° {session.pk} n'est pas encore finalisée." in message.body
    assert "Date : 04/03/2030 à 09:00" in message.body
    assert "Salle B12" in message.body
    assert "avant le 06/03/2030 à 09:00 (heure de Paris)" in message.body  # local time, not 08:00 UTC
    assert "https://certif.example.fr" + reverse("sessions_app:session_detail", args=[session.pk]) in message.body
    assert "&#x27;" not in message.body and "&quot;" not in message.body


@pytest.mark.usefixtures("admin_membership")
def test_pix_staff_hear_of_the_overdue_session(session: Session, sweep: Sweep, staff: Any) -> None:
    UserFactory(email="ancien@pix.fr", is_staff=True, is_active=False)
    sweep(DUE - dt.timedelta(hours=23))
    mail.outbox.clear()

    sweep(DUE)

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["jury@pix.fr"]
    assert str(session.pk) in mail.outbox[0].subject and "Université de test" in mail.outbox[0].subject


@pytest.mark.usefixtures("admin_membership", "staff")
def test_the_staff_alert_goes_to_the_configured_addresses_when_set(
    session: Session, sweep: Sweep, settings: Any
) -> None:
    settings.PIXCERTIF_STAFF_ALERT_EMAILS = ["Certif-Alertes@pix.fr"]

    sweep(DUE)

    assert [m.to for m in mail.outbox] == [["certif-alertes@pix.fr"]]


@pytest.mark.usefixtures("admin_membership", "staff")
def test_a_session_past_its_deadline_never_reminded_is_flagged_without_a_late_reminder(
    session: Session, sweep: Sweep
) -> None:
    report = sweep(DUE + dt.timedelta(hours=3))

    assert report.reminded == [] and report.flagged_overdue == [session.pk]
    assert [m.to for m in mail.outbox] == [["jury@pix.fr"]]


@pytest.mark.usefixtures("admin_membership", "staff")
def test_a_session_nobody_started_is_neither_reminded_nor_flagged(session: Session, sweep: Sweep) -> None:
    Session.objects.filter(pk=session.pk).update(started_at=None)

    for now in (DUE - dt.timedelta(hours=23), DUE, DUE + dt.timedelta(days=30)):
        report = sweep(now)
        assert report.reminded == [] and report.flagged_overdue == []

    session.refresh_from_db()
    assert session.finalisation_reminder_sent_at is None and session.overdue_at is None
    assert mail.outbox == []


@pytest.mark.usefixtures("admin_membership", "staff")
def test_a_finalised_session_is_left_alone(session: Session, sweep: Sweep) -> None:
    Session.objects.filter(pk=session.pk).update(status=SessionStatus.FINALISED, finalised_at=DUE)

    assert sweep(DUE - dt.timedelta(hours=23)).reminded == []
    assert sweep(DUE).flagged_overdue == []
    assert mail.outbox == []


@pytest.mark.usefixtures("admin_membership", "staff")
def test_no_email_goes_out_for_a_session_finalised_before_the_commit(session: Session) -> None:
    # The e-mail is built after commit: a finalisation that slipped in between wins.
    Session.objects.filter(pk=session.pk).update(status=SessionStatus.FINALISED)

    assert finalisation_reminder_email_send(session_id=session.pk) is False
    assert mail.outbox == []


def test_the_beat_runs_the_sweep_every_minute_and_the_purge_daily_at_three() -> None:
    schedule = {entry["task"]: entry["schedule"] for entry in app.conf.beat_schedule.values()}

    assert schedule["finalisation.tasks.finalisation_deadlines_sweep_task"] == 60.0
    purge = schedule["finalisation.tasks.scanned_documents_purge_task"]
    assert purge.hour == {3} and purge.minute == {0}
    app.loader.import_default_modules()  # what a worker does at start: every app's tasks.py, autodiscovered
    assert set(app.tasks) >= set(schedule)


def test_the_overdue_badge_shows_in_the_centre_list_and_detail(session: Session, admin_client: Any) -> None:
    list_url = reverse("sessions_app:session_list")
    detail_url = reverse("sessions_app:session_detail", args=[session.pk])
    assert "En retard" not in admin_client.get(list_url).content.decode()

    Session.objects.filter(pk=session.pk).update(overdue_at=DUE)

    for url in (list_url, detail_url):
        html = admin_client.get(url).content.decode()
        assert "fr-badge--warning" in html and "En retard" in html

    Session.objects.filter(pk=session.pk).update(status=SessionStatus.FINALISED)
    assert "En retard" not in admin_client.get(detail_url).content.decode()


def test_staff_filter_overdue_sessions_in_the_admin(session: Session, client: Any, staff: Any) -> None:
    staff.is_superuser = True
    staff.save()
    on_time = SessionFactory(centre=session.centre)
    Session.objects.filter(pk=session.pk).update(overdue_at=DUE)
    client.force_login(staff)
    url = reverse("admin:sessions_app_session_changelist")

    overdue_page = client.get(url, {"en_retard": "oui"})
    on_time_page = client.get(url, {"en_retard": "non"})

    assert overdue_page.status_code == 200
    assert [s.pk for s in overdue_page.context["cl"].result_list] == [session.pk]
    assert [s.pk for s in on_time_page.context["cl"].result_list] == [on_time.pk]
    assert "En retard" in overdue_page.content.decode()
    assert "signalée en retard le" in overdue_page.content.decode().lower()

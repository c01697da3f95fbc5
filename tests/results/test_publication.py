"""Publishing a session's results: the guards, the audit, the e-mails and their 30-day links; unpublishing."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any
from unittest import mock

import pytest
from django.core import mail
from django.test import Client

from accounts.models import User
from centres.models import CertificationCentre
from certification.models import ResultStatus
from results.links import VALIDITY, recipient_access, recipient_token
from results.models import CertificateBatch, CertificateBatchStatus
from results.services import PublicationError, session_publish, session_unpublish
from results.tasks import session_results_emails_task
from sessions_app.models import Session, SessionEvent, SessionStatus
from tests.results.publication_factories import NOW, add_result, finalised_session, scored_course

Capture = Callable[..., Any]


@pytest.fixture
def session(centre: CertificationCentre) -> Session:
    session = finalised_session(centre)
    scored_course(session, pix=120, first_name="Léa", last_name="Martin", result_recipient_email="Parents@Famille.fr")
    scored_course(session, pix=96, first_name="Hugo", last_name="Martin", result_recipient_email="parents@famille.fr")
    scored_course(session, first_name="Nina", last_name="Petit", result_recipient_email="ecole@ac-nantes.fr")
    scored_course(session, status=ResultStatus.REJECTED, first_name="Sans", last_name="Destinataire")
    return session


def _refused(session: Session, staff: User, message: str) -> None:
    with pytest.raises(PublicationError) as refusal:
        session_publish(session=session, by=staff, now=NOW)
    assert refusal.value.message == message
    session.refresh_from_db()
    assert session.published_at is None
    assert not SessionEvent.objects.filter(session=session, kind="session.published").exists()


def test_it_publishes_a_finalised_session(session: Session, staff: User) -> None:
    session_publish(session=session, by=staff, now=NOW)

    session.refresh_from_db()
    assert session.status == SessionStatus.PROCESSED
    assert session.published_at == NOW
    event = SessionEvent.objects.get(session=session, kind="session.published")
    assert (event.actor, event.at) == (staff, NOW)


def test_it_publishes_a_session_in_process(centre: CertificationCentre, staff: User) -> None:
    session = finalised_session(centre, status=SessionStatus.IN_PROCESS)
    scored_course(session)
    assert session_publish(session=session, by=staff, now=NOW).status == SessionStatus.PROCESSED


def test_it_refuses_a_session_not_finalised(centre: CertificationCentre, staff: User) -> None:
    session = finalised_session(centre, status=SessionStatus.CREATED)
    _refused(session, staff, "La session n'est pas prête à être publiée.")


def test_it_refuses_while_the_latest_result_of_a_certification_is_in_error(session: Session, staff: User) -> None:
    course = session.courses.first()
    assert course is not None
    add_result(course, status=ResultStatus.ERROR, at=NOW - dt.timedelta(days=1))
    _refused(session, staff, "Impossible de publier : une certification est en erreur.")


def test_it_publishes_when_an_error_was_superseded_by_a_later_result(centre: CertificationCentre, staff: User) -> None:
    session = finalised_session(centre)
    course = scored_course(session, status=ResultStatus.ERROR)
    add_result(course, status=ResultStatus.VALIDATED, pix=64, at=NOW - dt.timedelta(days=1))
    assert session_publish(session=session, by=staff, now=NOW).status == SessionStatus.PROCESSED


def test_it_refuses_a_certification_without_any_result(session: Session, staff: User) -> None:
    course = session.courses.first()
    assert course is not None
    course.results.all().delete()
    _refused(session, staff, "Impossible de publier : une certification est en erreur.")


def test_it_refuses_an_already_published_session(session: Session, staff: User) -> None:
    session_publish(session=session, by=staff, now=NOW)
    with pytest.raises(PublicationError) as refusal:
        session_publish(session=session, by=staff, now=NOW + dt.timedelta(hours=1))
    assert refusal.value.message == "Les résultats de cette session sont déjà publiés."
    session.refresh_from_db()
    assert session.published_at == NOW


def test_it_sends_one_email_per_distinct_recipient_once_committed(
    session: Session, staff: User, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        session_publish(session=session, by=staff, now=NOW)
        assert not mail.outbox, "nothing is sent before the commit"
    assert len(callbacks) == 2  # the e-mails, then the certificate batch (no SCO school: no export refresh)
    assert CertificateBatch.objects.get(session=session).status == CertificateBatchStatus.READY

    assert sorted(m.to[0] for m in mail.outbox) == ["ecole@ac-nantes.fr", "parents@famille.fr"]
    assert all(len(m.to) == 1 and not m.cc and not m.bcc for m in mail.outbox)
    assert f"session n° {session.pk}" in mail.outbox[0].subject
    assert "30 jours" in mail.outbox[0].body


def test_the_emails_are_a_task_queued_once_committed_not_sent_in_the_request(
    session: Session, staff: User, django_capture_on_commit_callbacks: Capture
) -> None:
    with mock.patch("results.tasks.session_results_emails_task.delay") as delay:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            session_publish(session=session, by=staff, now=NOW)
        delay.assert_not_called()
        for callback in callbacks:
            callback()
    delay.assert_called_once_with(session.pk, NOW.isoformat())
    assert not mail.outbox  # the worker sends them, not the staff member's request


def test_the_task_issues_the_links_at_the_publication_time(session: Session, staff: User) -> None:
    session_publish(session=session, by=staff, now=NOW)
    mail.outbox.clear()
    assert session_results_emails_task.delay(session.pk, NOW.isoformat()).get() == 2
    token = _link_path(mail.outbox[0].body).split("/")[2]
    assert recipient_access(token, now=NOW + VALIDITY - dt.timedelta(seconds=1)) is not None
    assert recipient_access(token, now=NOW + VALIDITY + dt.timedelta(seconds=1)) is None


def test_it_sends_nothing_when_the_publication_is_refused(
    centre: CertificationCentre, staff: User, django_capture_on_commit_callbacks: Capture
) -> None:
    session = finalised_session(centre, status=SessionStatus.CREATED)
    scored_course(session, result_recipient_email="ecole@ac-nantes.fr")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(PublicationError):
        session_publish(session=session, by=staff, now=NOW)
    assert not mail.outbox


def _link_path(body: str) -> str:
    match = re.search(r"https?://[^/\s]+(/resultats/\S+/)", body)
    assert match, body
    return match.group(1)


def test_the_emailed_link_shows_the_recipients_candidates_only(
    session: Session, staff: User, django_capture_on_commit_callbacks: Capture, client: Client
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        session_publish(session=session, by=staff)
    (family,) = [m for m in mail.outbox if m.to == ["parents@famille.fr"]]

    response = client.get(_link_path(family.body))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Léa" in html and "Hugo" in html
    assert "Nina" not in html and "Destinataire" not in html


def test_the_link_is_valid_30_days(session: Session, staff: User) -> None:
    session = session_publish(session=session, by=staff, now=NOW)
    token = recipient_token(session=session, email="parents@famille.fr", now=NOW)

    access = recipient_access(token, now=NOW + VALIDITY - dt.timedelta(seconds=1))
    assert access is not None
    assert (access.session, access.email) == (session, "parents@famille.fr")
    assert recipient_access(token, now=NOW + VALIDITY + dt.timedelta(seconds=1)) is None
    assert dt.timedelta(days=30) == VALIDITY


def test_it_unpublishes_and_retires_the_links(session: Session, staff: User) -> None:
    session = session_publish(session=session, by=staff, now=NOW)
    token = recipient_token(session=session, email="parents@famille.fr", now=NOW)

    session_unpublish(session=session, by=staff, now=NOW + dt.timedelta(hours=1))

    session.refresh_from_db()
    assert (session.status, session.published_at) == (SessionStatus.IN_PROCESS, None)
    assert SessionEvent.objects.filter(session=session, kind="session.unpublished", actor=staff).exists()
    assert recipient_access(token, now=NOW + dt.timedelta(hours=2)) is None


def test_a_link_of_an_earlier_publication_stops_working_after_republication(session: Session, staff: User) -> None:
    session = session_publish(session=session, by=staff, now=NOW)
    old = recipient_token(session=session, email="parents@famille.fr", now=NOW)
    session_unpublish(session=session, by=staff, now=NOW + dt.timedelta(hours=1))
    session_publish(session=session, by=staff, now=NOW + dt.timedelta(hours=2))

    assert recipient_access(old, now=NOW + dt.timedelta(hours=3)) is None


def test_it_refuses_to_unpublish_an_unpublished_session(session: Session, staff: User) -> None:
    with pytest.raises(PublicationError) as refusal:
        session_unpublish(session=session, by=staff, now=NOW)
    assert refusal.value.message == "Les résultats de cette session ne sont pas publiés."
    session.refresh_from_db()
    assert session.status == SessionStatus.FINALISED


def test_it_unpublishes_back_to_in_process_with_an_audit_line(session: Session, staff: User) -> None:
    session_publish(session=session, by=staff, now=NOW)
    later = NOW + dt.timedelta(hours=1)

    session_unpublish(session=session, by=staff, now=later)

    session.refresh_from_db()
    assert (session.status, session.published_at, session.updated_at) == (SessionStatus.IN_PROCESS, None, later)
    event = SessionEvent.objects.get(session=session, kind="session.unpublished")
    assert (event.actor, event.at) == (staff, later)
    assert not CertificateBatch.objects.filter(session=session).exists()


def test_it_refuses_to_unpublish_a_session_not_published(session: Session, staff: User) -> None:
    with pytest.raises(PublicationError) as refusal:
        session_unpublish(session=session, by=staff, now=NOW)

    assert refusal.value.message == "Les résultats de cette session ne sont pas publiés."
    session.refresh_from_db()
    assert session.status == SessionStatus.FINALISED
    assert not SessionEvent.objects.filter(session=session, kind="session.unpublished").exists()

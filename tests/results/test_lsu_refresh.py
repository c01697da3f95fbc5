"""The per-school export: refreshed on commit after a publication, an unpublication or a jury change,
idempotent, and served at a constant number of queries whatever the number of students."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from unittest import mock

import pytest
from django.db import OperationalError, transaction
from django.test import Client

from accounts.models import User
from centres.models import CertificationCentre
from certification.models import CourseStatus, ResultStatus
from results.models import SchoolExport
from results.school_export_build import school_export_refresh
from results.school_exports import school_exports_refresh_later
from results.services import session_publish, session_unpublish
from results.services_jury import course_cancel
from results.tasks import school_export_refresh_task
from sessions_app.models import Session
from tests.centres.factories import CentreFactory, ScoCentreFactory, StudentFactory
from tests.results.lsu_factories import api_client, post_token, student_course, token_form
from tests.results.publication_factories import NOW, TAKEN_AT, add_result, finalised_session

Capture = Callable[..., Any]
UAI = "0751234A"


@pytest.fixture
def school(db: None) -> CertificationCentre:
    return ScoCentreFactory(name="Lycée Victor Hugo", uai=UAI)


@pytest.fixture
def session(school: CertificationCentre) -> Session:
    session = finalised_session(school)
    for n in range(3):
        student_course(session, StudentFactory(centre=school, last_name=f"NOM{n}"), pix=100 + n, levels={"1.1": 3})
    return session


def _export() -> SchoolExport:
    return SchoolExport.objects.get(uai=UAI)


def test_a_publication_refreshes_the_school_once_committed(
    session: Session, staff: User, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        session_publish(session=session, by=staff, now=NOW)
    export = _export()
    assert (export.requested_at, export.refreshed_at, export.certification_count) == (NOW, None, 0)
    for callback in callbacks:
        callback()
    export = _export()
    assert export.refreshed_at is not None and export.certification_count == 3
    assert '"status":"validated"' in export.certifications_json and '"pixScore":102' in export.certifications_json


def test_nothing_is_queued_when_the_publication_rolls_back(session: Session, staff: User) -> None:
    delay = mock.patch("results.tasks.school_export_refresh_task.delay").start()
    with pytest.raises(RuntimeError), transaction.atomic():
        session_publish(session=session, by=staff, now=NOW)
        raise RuntimeError
    mock.patch.stopall()
    delay.assert_not_called()


def test_the_refresh_is_idempotent(session: Session, staff: User, django_capture_on_commit_callbacks: Capture) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        session_publish(session=session, by=staff, now=NOW)
    first = _export().certifications_json
    school_export_refresh_task.delay(UAI)
    school_export_refresh_task.delay(UAI.lower())
    assert _export().certifications_json == first
    assert SchoolExport.objects.count() == 1


def test_an_unpublication_refreshes_twice_the_same(
    session: Session, staff: User, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        session_publish(session=session, by=staff, now=NOW)
    with django_capture_on_commit_callbacks(execute=True):
        session_unpublish(session=session, by=staff, now=NOW + dt.timedelta(hours=1))
    after = _export().certifications_json
    assert '"status":"validated"' not in after and after.count('"status":"pending"') == 3
    school_export_refresh(uai=UAI)
    assert _export().certifications_json == after
    assert _export().requested_at == NOW + dt.timedelta(hours=1)


def test_a_jury_change_refreshes_the_school_of_the_course(
    session: Session, staff: User, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        session_publish(session=session, by=staff, now=NOW)
    course = session.courses.order_by("pk").first()
    assert course is not None
    for _twice in range(2):
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            add_result(course, status=ResultStatus.REJECTED, levels={"1.1": 3}, at=TAKEN_AT + dt.timedelta(days=20))
            assert school_exports_refresh_later(course_ids=[course.pk]) == [UAI]
        export = _export()
        assert export.certification_count == 3
        assert export.certifications_json.count('"status":"rejected"') == 1


def test_only_the_schools_of_the_students_are_refreshed(school: CertificationCentre, staff: User) -> None:
    sup = finalised_session(CentreFactory())
    student_course(sup, StudentFactory(centre=sup.centre))
    assert school_exports_refresh_later(session_ids=[sup.pk]) == []
    other = ScoCentreFactory(uai="0750001B")
    mixed = finalised_session(school)
    student_course(mixed, StudentFactory(centre=school))
    student_course(mixed, StudentFactory(centre=other))
    assert school_exports_refresh_later(session_ids=[mixed.pk]) == ["0750001B", UAI]


def test_a_failure_is_recorded_and_retried(session: Session) -> None:
    SchoolExport.objects.create(uai=UAI)
    failing = mock.patch("results.tasks.school_export_refresh", side_effect=OperationalError("base indisponible"))
    retrying = mock.patch.object(school_export_refresh_task, "retry", side_effect=RuntimeError("retry"))
    with failing, retrying as retry, pytest.raises(RuntimeError, match="retry"):
        school_export_refresh_task.apply(args=[UAI], throw=True)
    retry.assert_called_once()
    assert _export().error == "OperationalError: base indisponible"
    school_export_refresh_task.delay(UAI)
    assert _export().error == ""


def _reader(client: Client) -> str:
    _api, secret = api_client()
    return f"Bearer {post_token(client, token_form('lsu-test', secret)).json()['access_token']}"


@pytest.mark.parametrize("size", [2, 20])
def test_the_api_reads_at_a_constant_number_of_queries(
    size: int,
    school: CertificationCentre,
    staff: User,
    client: Client,
    django_assert_num_queries: Any,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    session = finalised_session(school)
    for n in range(size):
        student_course(session, StudentFactory(centre=school), pix=n, levels={"1.1": 1, "2.2": 2})
    with django_capture_on_commit_callbacks(execute=True):
        session_publish(session=session, by=staff, now=NOW)
    bearer = _reader(client)
    # The client (with its scopes), its last use, the stored export: 3, whatever the size.
    with django_assert_num_queries(3):
        response = client.get(f"/api/organizations/{UAI}/certifications", HTTP_AUTHORIZATION=bearer)
    assert len(response.json()["data"]["attributes"]["certifications"]) == size


def test_a_jury_cancellation_refreshes_the_school_through_the_jury_service(
    session: Session, staff: User, django_capture_on_commit_callbacks: Capture
) -> None:
    """The real jury action, not the hook alone: the cancelled certification leaves the record book."""
    course = session.courses.order_by("pk").first()
    assert course is not None
    course.status = CourseStatus.COMPLETED
    course.save(update_fields=["status"])
    school_export_refresh(uai=UAI)
    assert _export().certifications_json.count('"status":"pending"') == 3
    with django_capture_on_commit_callbacks(execute=True):
        course_cancel(course=course, cancelled=True, by=staff, now=NOW)
    export = _export()
    assert export.requested_at == NOW
    assert export.certification_count == 2
    assert f'"id":{course.pk},' not in export.certifications_json

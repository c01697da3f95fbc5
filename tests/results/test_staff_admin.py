"""The staff queues in the admin: membership by the publishability rule, actions, query counts, access."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from centres.models import CertificationCentre
from certification.models import CourseStatus, ResultStatus
from finalisation.models import IssueReport
from results.models import SessionToProcess, SessionToPublish, StaffSession
from sessions_app.models import Session, SessionEvent, SessionStatus
from tests.accounts.factories import UserFactory
from tests.results.publication_factories import NOW, finalised_session, scored_course
from tests.sessions_app.factories import SessionFactory

TO_PROCESS = "admin:results_sessiontoprocess_changelist"
TO_PUBLISH = "admin:results_sessiontopublish_changelist"
ALL = "admin:results_staffsession_changelist"


@pytest.fixture
def staff_superuser(db: None) -> User:
    return UserFactory(email="chef@pix.fr", is_staff=True, is_superuser=True)


@pytest.fixture
def staff_client(client: Client, staff_superuser: User) -> Client:
    client.force_login(staff_superuser)
    return client


def _publishable(centre: CertificationCentre) -> Session:
    session = finalised_session(centre)
    session.is_publishable = True
    session.save()
    scored_course(session)
    return session


def _with_unresolved_c1(centre: CertificationCentre) -> Session:
    session = finalised_session(centre)
    session.is_publishable = False
    session.save()
    course = scored_course(session)
    IssueReport.objects.create(
        candidate=course.candidate, code="C1", description="Nom mal orthographié", source="finalisation", created_at=NOW
    )
    return session


def _act(client: Client, url_name: str, action: str, *sessions: Session) -> list[str]:
    response = client.post(
        reverse(url_name), {"action": action, "_selected_action": [s.pk for s in sessions]}, follow=True
    )
    assert response.status_code == 200
    return [str(m) for m in response.context["messages"]]


def test_a_publishable_session_is_only_in_the_queue_to_publish(centre: CertificationCentre) -> None:
    session = _publishable(centre)
    assert list(SessionToPublish.objects.all()) == [session]
    assert not SessionToProcess.objects.exists()


def test_a_session_with_an_unresolved_c1_is_only_in_the_queue_to_process(centre: CertificationCentre) -> None:
    session = _with_unresolved_c1(centre)
    assert list(SessionToProcess.objects.all()) == [session]
    assert not SessionToPublish.objects.exists()


def test_a_session_the_auto_jury_has_not_seen_yet_is_to_process(centre: CertificationCentre) -> None:
    session = finalised_session(centre, status=SessionStatus.IN_PROCESS)
    assert list(SessionToProcess.objects.all()) == [session]


def test_sessions_not_finalised_or_processed_are_in_no_queue_but_in_all(centre: CertificationCentre) -> None:
    created = SessionFactory(centre=centre)
    processed = finalised_session(centre, status=SessionStatus.PROCESSED)
    assert not SessionToProcess.objects.exists() and not SessionToPublish.objects.exists()
    assert set(StaffSession.objects.all()) == {created, processed}


def test_the_queue_shows_the_counts(staff_client: Client, centre: CertificationCentre) -> None:
    session = _with_unresolved_c1(centre)
    ended = scored_course(session, status=ResultStatus.ERROR)
    ended.status = CourseStatus.ENDED_BY_FINALISATION
    ended.save()

    response = staff_client.get(reverse(TO_PROCESS))

    row = response.context["cl"].result_list.get(pk=session.pk)
    assert (row.impactful_reports, row.unfinished_tests, row.certifications_in_error) == (1, 1, 1)


@pytest.mark.parametrize("url_name", [TO_PROCESS, TO_PUBLISH, ALL])
def test_the_changelists_keep_a_constant_number_of_queries(
    url_name: str, staff_client: Client, centre: CertificationCentre, staff_superuser: User
) -> None:
    def queries(count: int) -> int:
        for _ in range(count):
            session = _with_unresolved_c1(centre)
            session.assigned_to = staff_superuser
            session.save()
            _publishable(centre)
        with CaptureQueriesContext(connection) as captured:
            assert staff_client.get(reverse(url_name)).status_code == 200
        return len(captured)

    assert queries(2) == queries(18)


def test_a_staff_member_assigns_sessions_from_the_queue(
    staff_client: Client, centre: CertificationCentre, staff_superuser: User
) -> None:
    first, second = _with_unresolved_c1(centre), _with_unresolved_c1(centre)

    messages = _act(staff_client, TO_PROCESS, "assign", first, second)

    assert messages == ["2 session(s) assignée(s) à vous."]
    assert set(Session.objects.values_list("status", "assigned_to")) == {(SessionStatus.IN_PROCESS, staff_superuser.pk)}
    assert SessionEvent.objects.filter(kind="session.assigned", actor=staff_superuser).count() == 2


def test_a_refusal_is_reported_and_the_other_sessions_are_published(
    staff_client: Client, centre: CertificationCentre
) -> None:
    good = _publishable(centre)
    in_error = _publishable(centre)
    scored_course(in_error, status=ResultStatus.ERROR)

    messages = _act(staff_client, TO_PUBLISH, "publish", good, in_error)

    assert messages == [
        f"Session n° {in_error.pk} : Impossible de publier : une certification est en erreur.",
        "Résultats publiés pour 1 session(s).",
    ]
    good.refresh_from_db()
    in_error.refresh_from_db()
    assert (good.status, in_error.status) == (SessionStatus.PROCESSED, SessionStatus.FINALISED)


def test_a_staff_member_unpublishes_then_unfinalises(staff_client: Client, centre: CertificationCentre) -> None:
    session = _publishable(centre)
    _act(staff_client, TO_PUBLISH, "publish", session)

    assert _act(staff_client, ALL, "unfinalise", session) == [
        f"Session n° {session.pk} : Les résultats de cette session sont publiés : "
        "dépubliez-les avant de la définaliser."
    ]
    assert _act(staff_client, ALL, "unpublish", session) == ["Résultats dépubliés pour 1 session(s)."]
    assert _act(staff_client, ALL, "unfinalise", session) == ["1 session(s) définalisée(s)."]
    session.refresh_from_db()
    assert session.status == SessionStatus.CREATED


def test_the_session_page_is_read_only_with_its_journal(staff_client: Client, centre: CertificationCentre) -> None:
    session = _publishable(centre)
    _act(staff_client, TO_PUBLISH, "assign", session)

    response = staff_client.get(reverse("admin:results_staffsession_change", args=[session.pk]))

    assert response.status_code == 200
    assert not response.context["has_change_permission"]
    assert "session.assigned" in response.content.decode()


def test_the_jury_group_publishes_but_does_not_unfinalise(client: Client, centre: CertificationCentre) -> None:
    juror = UserFactory(email="juge@pix.fr", is_staff=True)
    juror.groups.add(Group.objects.get(name="Jury"))
    client.force_login(juror)

    response = client.get(reverse(TO_PUBLISH))

    actions = {name for name, _label in response.context["action_form"].fields["action"].choices}
    assert {"assign", "publish"} <= actions
    assert "unfinalise" not in actions


def test_the_support_group_unfinalises_but_does_not_publish(client: Client, centre: CertificationCentre) -> None:
    support = UserFactory(email="support@pix.fr", is_staff=True)
    support.groups.add(Group.objects.get(name="Support"))
    client.force_login(support)

    response = client.get(reverse(ALL))

    actions = {name for name, _label in response.context["action_form"].fields["action"].choices}
    assert {"assign", "unfinalise"} <= actions
    assert not {"publish", "unpublish"} & actions


def test_a_centre_member_never_reaches_the_admin(member_client: Client) -> None:
    for url in ("/admin/", reverse(TO_PROCESS)):
        response = member_client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")

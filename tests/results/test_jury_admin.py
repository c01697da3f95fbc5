"""The jury's page per certification in the admin: reached from the session, every action posted, access, query count."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from centres.models import CertificationCentre
from certification.models import AssessmentResult, CertificationChallenge, CertificationCourse
from certification.selectors import latest_result
from finalisation.models import IssueReport, IssueSource
from sessions_app.models import SessionEvent, SessionStatus
from tests.accounts.factories import UserFactory
from tests.results.jury_factories import SCORED_AT, jury_course, jury_session

SESSION_PAGES = (  # (page, the auto-jury's verdict that puts the session in that queue)
    ("admin:results_staffsession_change", None),
    ("admin:results_sessiontoprocess_change", False),
    ("admin:results_sessiontopublish_change", True),
)


def _url(course: CertificationCourse) -> str:
    return reverse("admin:results_staffsession_certification", args=[course.session_id, course.pk])


@pytest.fixture
def jury_group(db: None) -> Group:
    """The Jury group with the permission of results/migrations/0004 (tests/conftest.py restores it after a flush)."""
    return Group.objects.get(name="Jury")


@pytest.fixture
def juror(jury_group: Group) -> User:
    user = UserFactory(email="jury@pix.fr", is_staff=True)
    user.groups.add(jury_group)
    return user


@pytest.fixture
def juror_client(client: Client, juror: User) -> Client:
    client.force_login(juror)
    return client


@pytest.fixture
def course(centre: CertificationCentre) -> CertificationCourse:
    session = jury_session(centre)
    return jury_course(session, first_name="Zoé", last_name="Arnaud")


def _post(client: Client, course: CertificationCourse, **data: object) -> list[str]:
    response = client.post(_url(course), data, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain == [(_url(course), 302)]
    return [str(m) for m in response.context["messages"]]


def test_the_migration_gives_the_jury_group_the_permission(db: None) -> None:
    assert Group.objects.get(name="Jury").permissions.filter(codename="jury_certification").exists()
    assert not Group.objects.get(name="Support").permissions.filter(codename="jury_certification").exists()


@pytest.mark.parametrize(("page", "is_publishable"), SESSION_PAGES)
def test_the_session_page_lists_its_certifications_with_links(
    juror_client: Client, course: CertificationCourse, page: str, is_publishable: bool | None
) -> None:
    course.session.is_publishable = is_publishable
    course.session.save(update_fields=["is_publishable"])
    other = jury_course(course.session, first_name="Yves", last_name="Bernard")
    IssueReport.objects.create(
        candidate=other.candidate, code="C6", source=IssueSource.FINALISATION, created_at=SCORED_AT
    )
    juror_client.force_login(UserFactory(is_staff=True, is_superuser=True))  # the three queues' view permission
    response = juror_client.get(reverse(page, args=[course.session_id]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Certifications de la session" in html
    assert f'href="{_url(course)}"' in html
    assert f'href="{_url(other)}"' in html
    assert html.index("Arnaud Zoé") < html.index("Bernard Yves")
    assert "Validée" in html


def test_the_page_shows_what_the_jury_needs(juror_client: Client, course: CertificationCourse) -> None:
    IssueReport.objects.create(
        candidate=course.candidate,
        course=course,
        code="E4",
        question_number=3,
        source=IssueSource.FINALISATION,
        created_at=SCORED_AT,
    )
    IssueReport.objects.create(
        candidate=course.candidate,
        code="C7",
        description="Coupure réseau",
        source=IssueSource.FINALISATION,
        created_at=SCORED_AT,
        resolved_at=SCORED_AT,
        resolution="Sans effet sur le test",
    )
    response = juror_client.get(_url(course))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<h1>Certification n° {course.pk} — Zoé Arnaud</h1>" in html
    for heading in ("Candidat", "Test", "Résultat actuel", "Commentaires du jury", "Questions et réponses"):
        assert f">{heading}</h2>" in html
    assert "14/03/2008" in html
    assert html.count("Neutraliser la question") == 15
    assert "Incorrecte" in html and "Correcte" in html
    assert "Taux de reproductibilité</dt><dd>73 %" in html
    assert "Nombre de pix</dt><dd>88" in html
    assert 'for="id_marks-level_1.1"' in html  # every input has its label
    assert "Résolution du signalement E4" in html
    assert "Sans effet sur le test" in html
    assert html.count('name="csrfmiddlewaretoken"') >= 15


def test_neutralising_from_the_page_rescores(juror_client: Client, juror: User, course: CertificationCourse) -> None:
    messages = _post(juror_client, course, action="neutralise", question_number=3)
    assert messages == ["Question n° 3 neutralisée. Nouveau résultat : Validée, 96 pix."]
    assert CertificationChallenge.objects.get(course=course, position=3).is_neutralised
    result = latest_result(course)
    assert result is not None and (result.juror, result.pix_score) == (juror, 96)
    assert SessionEvent.objects.filter(kind="jury.question_neutralised", actor=juror).exists()

    html = juror_client.get(_url(course)).content.decode()
    assert "Dé-neutraliser la question 3" in html
    messages = _post(juror_client, course, action="deneutralise", question_number=3)
    assert messages == ["Question n° 3 dé-neutralisée. Nouveau résultat : Validée, 88 pix."]


def test_cancel_and_fraud_from_the_page(juror_client: Client, course: CertificationCourse) -> None:
    assert _post(juror_client, course, action="cancel") == [
        "Certification annulée. Nouveau résultat : Annulée, 88 pix."
    ]
    assert "Lever l'annulation" in juror_client.get(_url(course)).content.decode()
    assert _post(juror_client, course, action="cancel") == ["Cette certification est déjà annulée."]
    assert _post(juror_client, course, action="uncancel")[0].startswith("Annulation levée. Nouveau résultat : Validée")
    assert _post(juror_client, course, action="fraud")[0].endswith("Rejetée, 88 pix.")
    course.refresh_from_db()
    assert course.is_rejected_for_fraud
    assert _post(juror_client, course, action="unfraud")[0].startswith("Rejet pour fraude levé.")


def test_marks_and_comments_from_the_page(juror_client: Client, course: CertificationCourse) -> None:
    levels = {f"marks-level_{code}": 2 for code in ("1.1", "1.2", "1.3", "2.1")} | {"marks-level_2.2": 5}
    assert _post(juror_client, course, action="marks", **levels) == [
        "Niveaux modifiés. Nouveau résultat : Validée, 104 pix."
    ]
    assert _post(juror_client, course, action="marks", **levels) == ["Aucun niveau n'a changé."]
    refused = _post(juror_client, course, action="marks", **(levels | {"marks-level_2.2": 9}))
    assert refused[0].startswith("Niveau de la compétence 2.2 : ")
    assert _post(
        juror_client, course, action="comments", comment_for_candidate="Bravo", comment_for_organisation=""
    ) == ["Commentaires enregistrés."]
    result = latest_result(course)
    assert result is not None
    assert (result.comment_for_candidate, result.pix_score) == ("Bravo", 104)
    html = juror_client.get(_url(course)).content.decode()
    assert "Bravo</textarea>" in html


def test_resolving_a_report_and_correcting_the_identity_from_the_page(
    juror_client: Client, course: CertificationCourse
) -> None:
    c1 = IssueReport.objects.create(
        candidate=course.candidate,
        code="C1",
        description="Zoée",
        source=IssueSource.FINALISATION,
        created_at=SCORED_AT,
    )
    c6 = IssueReport.objects.create(
        candidate=course.candidate, code="C6", source=IssueSource.FINALISATION, created_at=SCORED_AT
    )
    assert _post(juror_client, course, action="resolve", report=c6.pk, resolution=" ") == [
        "Résolution : Ce champ est obligatoire."
    ]
    assert _post(juror_client, course, action="resolve", report=c6.pk, resolution="Rien d'anormal") == [
        "Signalement C6 résolu."
    ]
    stranger_report = IssueReport.objects.create(
        candidate=jury_course(course.session).candidate, code="C6", source="finalisation", created_at=SCORED_AT
    )
    assert _post(juror_client, course, action="resolve", report=stranger_report.pk, resolution="x") == [
        "Ce signalement ne concerne pas ce candidat."
    ]
    messages = _post(
        juror_client, course, action="identity", first_name="Zoée", last_name="Arnaud", birthdate="2008-03-14"
    )
    assert messages == ["Identité corrigée ; les signalements C1 ouverts du candidat sont résolus."]
    c1.refresh_from_db()
    course.candidate.refresh_from_db()
    assert course.candidate.first_name == "Zoée"
    assert c1.is_resolved()
    assert _post(juror_client, course, action="identity", first_name="Zoée", last_name="", birthdate="x")[0].startswith(
        "Nom de naissance : "
    )


def test_a_published_session_refuses_with_the_service_message(
    juror_client: Client, centre: CertificationCentre
) -> None:
    course = jury_course(jury_session(centre, status=SessionStatus.PROCESSED))
    assert juror_client.get(_url(course)).status_code == 200  # still readable
    assert _post(juror_client, course, action="cancel") == [
        "Les résultats de cette session sont publiés : dépubliez-les avant de modifier une certification."
    ]
    assert AssessmentResult.objects.filter(course=course).count() == 1


def test_an_unknown_action_is_reported(juror_client: Client, course: CertificationCourse) -> None:
    assert _post(juror_client, course, action="delete") == ["Action inconnue."]


def test_a_staff_member_without_the_jury_permission_is_refused(client: Client, course: CertificationCourse) -> None:
    support = UserFactory(is_staff=True)
    support.groups.add(Group.objects.get(name="Support"))
    client.force_login(support)
    assert client.get(_url(course)).status_code == 403
    assert client.post(_url(course), {"action": "cancel"}).status_code == 403
    course.refresh_from_db()
    assert not course.is_cancelled_by_jury
    # The session page shows the certifications without the links.
    html = client.get(reverse("admin:results_staffsession_change", args=[course.session_id])).content.decode()
    assert f"Certification n° {course.pk}" in html
    assert _url(course) not in html


def test_a_centre_member_never_reaches_the_page(member_client: Client, course: CertificationCourse) -> None:
    for response in (member_client.get(_url(course)), member_client.post(_url(course), {"action": "cancel"})):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
    course.refresh_from_db()
    assert not course.is_cancelled_by_jury


def test_a_course_of_another_session_is_not_found(juror_client: Client, course: CertificationCourse) -> None:
    other_session = jury_session(course.session.centre)
    url = reverse("admin:results_staffsession_certification", args=[other_session.pk, course.pk])
    assert juror_client.get(url).status_code == 404


def test_the_page_keeps_a_constant_number_of_queries(juror_client: Client, centre: CertificationCentre) -> None:
    session = jury_session(centre)
    small = jury_course(session, questions=[("1.1", "ok", False), ("1.2", "ok", False), ("1.3", "ok", False)])
    big = jury_course(session)
    for number in (3, 6, 9):  # more results, more marks, more reports
        juror_client.post(_url(big), {"action": "neutralise", "question_number": number})
        IssueReport.objects.create(
            candidate=big.candidate,
            code="E4",
            question_number=number,
            source=IssueSource.FINALISATION,
            created_at=SCORED_AT,
        )
    assert AssessmentResult.objects.filter(course=big).count() == 4
    juror_client.get(_url(small))  # warm the caches (content types, permissions)

    counts = []
    for course in (small, big):
        with CaptureQueriesContext(connection) as queries:
            assert juror_client.get(_url(course)).status_code == 200
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1], counts
    assert counts[0] <= 16, counts


def test_the_session_page_lists_the_certifications_in_a_constant_number_of_queries(
    juror_client: Client, centre: CertificationCentre
) -> None:
    small, big = jury_session(centre), jury_session(centre)
    jury_course(small)
    for _i in range(4):
        course = jury_course(big)
        IssueReport.objects.create(
            candidate=course.candidate, code="C6", source=IssueSource.FINALISATION, created_at=SCORED_AT
        )
    juror_client.get(reverse("admin:results_staffsession_change", args=[small.pk]))  # warm the caches

    counts = []
    for session in (small, big):
        with CaptureQueriesContext(connection) as queries:
            response = juror_client.get(reverse("admin:results_staffsession_change", args=[session.pk]))
        assert response.status_code == 200
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1], counts
    assert response.content.decode().count("/certifications/") == 4

"""The stranger walk beyond the centre space: supervisor portal, candidate test, admin.

tests/test_stranger_walk.py proves that a member of another centre gets 404 on every route with a pk
(centre space, portal, test, results); here the strangers are closer: the supervisor of another session,
another candidate of the same session, a centre member or a staff member without permission in the
admin. Every refusal answers as for an object that does not exist, and changes nothing.
"""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.db.models import Model
from django.test import Client
from django.urls import reverse

from candidates.models import Candidate
from centres.models import CertificationCentre
from certification.models import Answer, CertificationCourse
from finalisation.models import IssueReport
from sessions_app.models import Session
from tests.accounts.factories import UserFactory
from tests.candidates.factories import CandidateFactory
from tests.certification.factories import course_by_hand
from tests.sessions_app.factories import SessionFactory
from tests.test_urls import ROUTES

SUPERVISION_ROUTES = [r for r in ROUTES if r.namespace == "supervision" and r.converters]
TEST_ROUTES = [r for r in ROUTES if r.name.startswith("certification:course_")]
POST_DATA = {"category": "C6", "code": "C6", "description": "x", "value": "1", "answer": "1", "question": "1"}


def _values(model: type[Model], pk: int) -> dict[str, object] | None:
    return model._default_manager.filter(pk=pk).values().first()


# --- Supervisor portal --------------------------------------------------------------------------


@pytest.fixture
def two_sessions(centre: CertificationCentre) -> tuple[Session, Session]:
    """Session A, opened by the supervisor; session B of the same centre, with a candidate."""
    return SessionFactory(centre=centre), SessionFactory(centre=centre, room="Salle B")


def _open(client: Client, session: Session) -> None:
    response = client.post(
        "/surveillance/", {"session_number": str(session.pk), "session_password": session.password_display}
    )
    assert response.status_code == 302


def test_the_supervisor_routes_are_all_walked() -> None:
    names = {r.name for r in SUPERVISION_ROUTES}
    assert {"supervision:session_portal", "supervision:candidate_test_end", "supervision:candidate_incidents"} <= names


@pytest.mark.parametrize("route", SUPERVISION_ROUTES, ids=lambda r: r.name)
def test_the_supervisor_of_session_a_cannot_reach_session_b(
    route: object, two_sessions: tuple[Session, Session], client: Client
) -> None:
    session_a, session_b = two_sessions
    candidate_b = CandidateFactory(session=session_b)
    client.force_login(UserFactory(email="surveillant@lycee.fr"))
    _open(client, session_a)
    assert client.get(reverse("supervision:session_portal", kwargs={"pk": session_a.pk})).status_code == 200

    args = {arg for arg, _kind in route.converters}  # type: ignore[attr-defined]
    # <pk> alone is a session; with <session_pk>, it is a candidate of that session.
    kwargs = {"session_pk": session_b.pk, "pk": candidate_b.pk} if "session_pk" in args else {"pk": session_b.pk}
    before = (_values(Session, session_b.pk), _values(Candidate, candidate_b.pk))
    url = reverse(route.name, kwargs=kwargs)  # type: ignore[attr-defined]
    assert client.post(url, POST_DATA).status_code == 404
    assert client.get(url).status_code in (404, 405)
    assert (_values(Session, session_b.pk), _values(Candidate, candidate_b.pk)) == before
    assert not IssueReport.objects.filter(candidate=candidate_b).exists()

    if "session_pk" in kwargs:
        # Session A's number in the URL does not open session B's candidate either.
        crossed = reverse(route.name, kwargs={**kwargs, "session_pk": session_a.pk})  # type: ignore[attr-defined]
        assert client.post(crossed, POST_DATA).status_code == 404
        assert _values(Candidate, candidate_b.pk) == before[1]


def test_the_live_page_of_session_a_shows_nothing_of_session_b(
    two_sessions: tuple[Session, Session], client: Client
) -> None:
    session_a, session_b = two_sessions
    CandidateFactory(session=session_a, last_name="Alpha")
    CandidateFactory(session=session_b, last_name="Bravo")
    client.force_login(UserFactory(email="surveillant@lycee.fr"))
    _open(client, session_a)
    html = client.get(reverse("supervision:session_portal_live", kwargs={"pk": session_a.pk})).content.decode()
    assert "Alpha" in html
    assert "Bravo" not in html


def test_a_centre_admin_who_did_not_type_the_password_gets_404(
    two_sessions: tuple[Session, Session], admin_client: Client
) -> None:
    session_a, _session_b = two_sessions
    assert admin_client.get(reverse("supervision:session_portal", kwargs={"pk": session_a.pk})).status_code == 404


# --- Candidate test -----------------------------------------------------------------------------


@pytest.fixture
def two_courses(centre: CertificationCentre) -> tuple[CertificationCourse, CertificationCourse]:
    session = SessionFactory(centre=centre)
    courses = []
    for name in ("Alpha", "Bravo"):
        candidate = CandidateFactory(session=session, last_name=name, user=UserFactory())
        courses.append(course_by_hand(candidate=candidate, positions={"1.1": (1, 8)}, questions=[("1.1", None, False)]))
    return courses[0], courses[1]


@pytest.mark.parametrize("route", TEST_ROUTES, ids=lambda r: r.name)
def test_a_candidate_cannot_open_another_candidates_test(
    route: object, two_courses: tuple[CertificationCourse, CertificationCourse], client: Client
) -> None:
    mine, theirs = two_courses
    client.force_login(mine.user)  # type: ignore[arg-type]
    url = reverse(route.name, kwargs={"pk": theirs.pk})  # type: ignore[attr-defined]
    missing = reverse(route.name, kwargs={"pk": theirs.pk + 10_000})  # type: ignore[attr-defined]
    before = _values(CertificationCourse, theirs.pk)
    assert client.post(url, {"answer": "1", "question": "1"}).status_code == 404
    assert client.get(url).status_code == client.get(missing).status_code
    assert client.get(url).status_code in (404, 405)
    assert _values(CertificationCourse, theirs.pk) == before
    assert not Answer.objects.filter(course=theirs).exists()


def test_another_candidates_certificate_is_404(
    two_courses: tuple[CertificationCourse, CertificationCourse], client: Client
) -> None:
    mine, theirs = two_courses
    client.force_login(mine.user)  # type: ignore[arg-type]
    assert client.get(reverse("results:my_certificate_pdf", kwargs={"pk": theirs.pk})).status_code == 404
    assert "Bravo" not in client.get(reverse("results:my_certificates")).content.decode()


def test_a_candidate_account_has_no_centre_space(
    two_courses: tuple[CertificationCourse, CertificationCourse], client: Client
) -> None:
    mine, theirs = two_courses
    client.force_login(mine.user)  # type: ignore[arg-type]
    for url in (
        f"/sessions/{theirs.session_id}/",
        f"/sessions/{theirs.session_id}/candidats/",
        f"/sessions/{theirs.session_id}/resultats/",
    ):
        response = client.get(url)
        assert response.status_code in (302, 403, 404), url
        assert "Bravo" not in response.content.decode()


# --- Admin --------------------------------------------------------------------------------------


def _admin_pages(candidate: Candidate) -> list[str]:
    pages = [reverse("admin:index")]
    for model in admin.site._registry:
        pages.append(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"))
    pages.append(reverse("admin:candidates_candidate_change", args=[candidate.pk]))
    pages.append(reverse("admin:sessions_app_session_change", args=[candidate.session_id]))
    return pages


@pytest.fixture
def secret_candidate(centre: CertificationCentre) -> Candidate:
    return CandidateFactory(session=SessionFactory(centre=centre), last_name="Confidentiel")


def test_a_centre_member_is_sent_to_the_admin_login(member_client: Client, secret_candidate: Candidate) -> None:
    for url in _admin_pages(secret_candidate):
        response = member_client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/"), url
    response = member_client.post(
        reverse("admin:candidates_candidate_changelist"),
        {"action": "delete_selected", "_selected_action": [secret_candidate.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert Candidate.objects.filter(pk=secret_candidate.pk).exists()


def test_an_anonymous_visitor_is_sent_to_the_admin_login(client: Client, secret_candidate: Candidate) -> None:
    for url in _admin_pages(secret_candidate):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/"), url


def test_a_staff_member_without_permission_gets_403(client: Client, secret_candidate: Candidate) -> None:
    client.force_login(UserFactory(email="stagiaire@pix.fr", is_staff=True))
    pages = _admin_pages(secret_candidate)
    index = client.get(pages[0])
    assert index.status_code == 200
    assert "Confidentiel" not in index.content.decode()
    for url in pages[1:]:
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Confidentiel" not in response.content.decode()
    before = _values(Candidate, secret_candidate.pk)
    response = client.post(
        reverse("admin:candidates_candidate_change", args=[secret_candidate.pk]), {"last_name": "Pirate"}
    )
    assert response.status_code == 403
    response = client.post(
        reverse("admin:candidates_candidate_changelist"),
        {"action": "delete_selected", "_selected_action": [secret_candidate.pk], "post": "yes"},
    )
    assert response.status_code == 403
    assert _values(Candidate, secret_candidate.pk) == before


def test_a_view_permission_does_not_allow_a_change(client: Client, secret_candidate: Candidate) -> None:
    reader = UserFactory(email="lecteur@pix.fr", is_staff=True)
    reader.user_permissions.add(Permission.objects.get(codename="view_candidate"))
    client.force_login(reader)
    url = reverse("admin:candidates_candidate_change", args=[secret_candidate.pk])
    assert client.get(url).status_code == 200
    before = _values(Candidate, secret_candidate.pk)
    response = client.post(url, {"last_name": "Pirate", "first_name": "X", "sex": "M"})
    assert response.status_code == 403
    assert _values(Candidate, secret_candidate.pk) == before


def test_the_admin_walk_covers_every_registered_model(secret_candidate: Candidate) -> None:
    assert len(_admin_pages(secret_candidate)) == len(admin.site._registry) + 3


# --- Redirects ----------------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["https://pirate.example/", "//pirate.example/", "/\\pirate.example/"])
def test_no_login_or_signup_redirects_off_site(target: str, client: Client, member: object) -> None:
    from tests.accounts.factories import PASSWORD

    response = client.post(f"/connexion/?next={target}", {"username": "membre@centre.fr", "password": PASSWORD})
    assert response.status_code == 302
    assert "pirate.example" not in response["Location"]
    client.logout()
    response = client.post(
        "/certification/compte/",
        {
            "first_name": "Léa",
            "last_name": "Dupont",
            "email": "lea.dupont@exemple.fr",
            "password1": "Un-mot-de-passe-solide-42",
            "password2": "Un-mot-de-passe-solide-42",
            "next": target,
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    assert "pirate.example" not in response["Location"]


def test_even_a_superuser_cannot_change_add_or_delete_a_candidate_in_the_admin(
    client: Client, secret_candidate: Candidate
) -> None:
    # Changes go through candidates.services (audit, identity key, joined guard): never around them.
    client.force_login(UserFactory(email="super@pix.fr", is_staff=True, is_superuser=True))
    url = reverse("admin:candidates_candidate_change", args=[secret_candidate.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Confidentiel" in page.content.decode() and 'name="_save"' not in page.content.decode()
    before = _values(Candidate, secret_candidate.pk)
    response = client.post(url, {"last_name": "Pirate", "first_name": "X", "sex": "M"})
    assert response.status_code == 403
    assert client.get(reverse("admin:candidates_candidate_add")).status_code == 403
    response = client.post(
        reverse("admin:candidates_candidate_changelist"),
        {"action": "delete_selected", "_selected_action": [secret_candidate.pk], "post": "yes"},
    )
    assert Candidate.objects.filter(pk=secret_candidate.pk).exists()
    assert _values(Candidate, secret_candidate.pk) == before

"""Nobody reaches another centre's objects, and nobody logged out reaches the centre space.

The walk covers every URL pattern of the project: a new route taking a pk must be added to
OBJECT_OF_ROUTE (or to PUBLIC_ROUTES with its reason), or this file fails.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db.models import Model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from centres.models import CentreEvent, CertificationCentre, Invitation, Membership, Role
from centres.services import invitation_create
from finalisation.models import IssueReport, IssueSource
from sessions_app.models import Session
from tests.accounts.factories import UserFactory
from tests.candidates.factories import CandidateFactory
from tests.centres.factories import MembershipFactory
from tests.certification.factories import course_by_hand
from tests.sessions_app.factories import SessionFactory
from tests.test_urls import ROUTES, Route


def _session(centre: CertificationCentre, admin: User) -> Model:
    return SessionFactory(centre=centre)


def _membership(centre: CertificationCentre, admin: User) -> Model:
    return MembershipFactory(centre=centre, role=Role.MEMBER)


def _candidate(centre: CertificationCentre, admin: User) -> Model:
    return CandidateFactory(session=SessionFactory(centre=centre))


def _course(centre: CertificationCentre, admin: User) -> Model:
    candidate = CandidateFactory(session=SessionFactory(centre=centre), user=UserFactory())
    return course_by_hand(candidate=candidate, positions={"1.1": (1, 8)}, questions=[("1.1", None, False)])


def _finalisation_report(centre: CertificationCentre, admin: User) -> Model:
    # An IssueReport has no session column: the walk reads ``session_id`` for <session_pk>.
    candidate = CandidateFactory(session=SessionFactory(centre=centre))
    report = IssueReport.objects.create(
        candidate=candidate, code="C6", source=IssueSource.FINALISATION, created_at=timezone.now()
    )
    report.session_id = candidate.session_id  # type: ignore[attr-defined]
    return report


def _invitation(centre: CertificationCentre, admin: User) -> Model:
    invitation, _token = invitation_create(centre=centre, email="invitee@centre.fr", role=Role.MEMBER, by=admin)
    return invitation


def _profile_import_event(centre: CertificationCentre, admin: User) -> Model:
    return CentreEvent.objects.create(
        centre=centre, kind="profiles.imported", actor=admin, at=timezone.now(), data={"imported": 0}
    )


# Route name → how to make an object of ``centre`` whose pk goes in the URL.
OBJECT_OF_ROUTE: dict[str, Callable[[CertificationCentre, User], Model]] = {
    "sessions_app:session_detail": _session,
    "sessions_app:session_update": _session,
    "sessions_app:session_delete": _session,
    "finalisation:session_postpone": _session,
    "centres:member_role": _membership,
    "centres:member_remove": _membership,
    "centres:member_referent": _membership,
    "centres:invitation_cancel": _invitation,
    "referential:profile_collection_result": _profile_import_event,
    "candidates:candidate_list": _session,
    "candidates:candidate_create": _session,
    "candidates:candidates_enrol": _session,
    "candidates:candidate_update": _candidate,
    "candidates:candidate_delete": _candidate,
    "candidates:attendance_sheet": _session,
    "candidates:incident_report_form": _session,
    "candidates:supervisor_kit": _session,
    "candidates:candidates_ods_template": _session,
    "candidates:candidates_import_ods": _session,
    # A candidate's own test: anyone else, even of the centre, gets 404 (tests/certification/test_test_pages.py).
    "certification:course_test": _course,
    "certification:course_answer": _course,
    "certification:course_focus_lost": _course,
    # A candidate's own certificate: anyone else gets 404 (tests/results/test_certificate_views.py).
    "results:my_certificate_pdf": _course,
    # The supervisor portal: nobody who has not typed the session password gets in (404).
    "supervision:session_portal": _session,
    "supervision:session_portal_live": _session,
    "supervision:session_close_access": _session,
    "supervision:candidate_presence_confirm": _candidate,
    "supervision:candidate_presence_cancel": _candidate,
    "supervision:candidate_resume_authorise": _candidate,
    "supervision:candidate_test_end": _candidate,
    "supervision:candidate_incidents": _candidate,
    "finalisation:finalisation_reports": _session,
    "finalisation:finalisation_details": _session,
    "finalisation:session_finalise": _session,
    "finalisation:finalisation_autosave": _session,
    "finalisation:issue_report_create": _session,
    "finalisation:issue_report_delete": _finalisation_report,
    # Results: a member of another centre gets 404, published or not (tests/results/test_results_page.py).
    "results:session_results": _session,
    "results:session_results_csv": _session,
    # The session's certificates (tests/results/test_certificate_batch.py).
    "results:session_certificates_request": _session,
    "results:session_certificates_pdf": _session,
}

# Routes with arguments that are public on purpose; the secret is in the URL, not a pk.
PUBLIC_ROUTES = {
    "invitation_accept": "the one-time invitation link: its token is the credential, checked by the view",
    "accounts:password_reset_confirm": "Django's password reset link: uidb64 + signed token",
    "certification:candidate_signup_complete": "the sign-up link e-mailed to the address: uidb64 + signed token",
    "results:recipient_results": "the results link e-mailed at publication: signed token, 30 days",
    "results:recipient_results_csv": "the CSV behind the same signed results link",
    "results_api:certifications": "the LSU/LSL API: the bearer token is the credential, a school's UAI is public",
}

# The routes of the centre space: every one needs a logged-in member.
CENTRE_SPACE_NAMESPACES = {"centres", "sessions_app", "candidates", "referential", "supervision", "finalisation"}
# The results namespace also holds public pages (signed links, verification): its member routes by name.
CENTRE_SPACE_EXTRA = {
    "home",
    "results:session_results",
    "results:session_results_csv",
    "results_school:division_results",
    "results_school:division_results_csv",
    "results:session_certificates_request",
    "results:session_certificates_pdf",
}

ROUTES_WITH_ARGUMENTS = [r for r in ROUTES if r.converters]
PK_ROUTES = [r for r in ROUTES_WITH_ARGUMENTS if r.name not in PUBLIC_ROUTES]
CENTRE_SPACE = [r for r in ROUTES if r.namespace in CENTRE_SPACE_NAMESPACES or r.name in CENTRE_SPACE_EXTRA]


def test_it_knows_how_to_build_every_route_that_takes_an_argument() -> None:
    unknown = sorted(r.name for r in ROUTES_WITH_ARGUMENTS if r.name not in OBJECT_OF_ROUTE and r.name not in PUBLIC_ROUTES)
    assert not unknown, f"add these routes to OBJECT_OF_ROUTE (or PUBLIC_ROUTES with a reason): {unknown}"
    for route in PK_ROUTES:
        assert {kind for _arg, kind in route.converters} == {"int"}, f"{route.name}: expected <int:…> arguments"
        assert {arg for arg, _kind in route.converters} <= {"pk", "session_pk"}, f"{route.name}: unknown argument"


def _kwargs(route: Route, obj: Model, offset: int = 0) -> dict[str, int]:
    """``pk`` is the object's; ``session_pk`` its session's (the object itself when it is a session)."""
    session_pk = obj.pk if isinstance(obj, Session) else getattr(obj, "session_id", None)
    values = {"pk": obj.pk, "session_pk": session_pk}
    return {arg: values[arg] + offset for arg, _kind in route.converters}


def test_it_has_no_stale_entry() -> None:
    names = {r.name for r in ROUTES}
    assert set(OBJECT_OF_ROUTE) <= names
    assert set(PUBLIC_ROUTES) <= names


def _snapshot(obj: Model) -> dict[str, object] | None:
    fresh = type(obj)._default_manager.filter(pk=obj.pk).values().first()
    return fresh


@pytest.mark.parametrize("route", PK_ROUTES, ids=lambda r: r.name)
def test_it_answers_not_found_to_a_stranger(
    route: Route, centre: CertificationCentre, admin: User, stranger_client: Client, client: Client
) -> None:
    make = OBJECT_OF_ROUTE.get(route.name)
    if make is None:
        pytest.fail(f"{route.name} takes a pk but has no entry in OBJECT_OF_ROUTE")
    obj = make(centre, admin)
    before = _snapshot(obj)
    url = reverse(route.name, kwargs=_kwargs(route, obj))
    missing_url = reverse(route.name, kwargs=_kwargs(route, obj, offset=10_000))

    assert stranger_client.post(url, {"role": "ADMIN", "date": "2031-02-03", "time": "09:00"}).status_code == 404
    assert _snapshot(obj) == before, "a stranger's POST changed the object"

    # GET answers exactly as for an object that does not exist: 404, or 405 on a POST-only route
    # (refused to everyone before any lookup, so it tells nothing about the object).
    got = stranger_client.get(url).status_code
    assert got == stranger_client.get(missing_url).status_code
    assert got in (404, 405)
    if got == 405:
        client.force_login(admin)
        assert client.get(url).status_code == 405, "a 405 for strangers only would reveal the object"
    assert _snapshot(obj) == before


def test_it_gives_a_stranger_nothing_in_the_lists(
    centre: CertificationCentre, admin: User, stranger_client: Client
) -> None:
    session = SessionFactory(centre=centre, room="Salle secrète")
    invitation, _token = invitation_create(centre=centre, email="invitee@centre.fr", role=Role.MEMBER, by=admin)
    sessions_html = stranger_client.get("/sessions/").content.decode()
    assert "Salle secrète" not in sessions_html
    assert f"/sessions/{session.pk}/" not in sessions_html
    assert stranger_client.get(f"/sessions/?numero={session.pk}").context["page_obj"].paginator.count == 0
    members_html = stranger_client.get("/centre/").content.decode()
    assert "admin@centre.fr" not in members_html
    assert invitation.email not in members_html


def test_it_does_not_let_a_stranger_switch_into_the_centre(centre: CertificationCentre, stranger_client: Client) -> None:
    assert stranger_client.post("/centre/changer/", {"centre": centre.pk}).status_code == 404


@pytest.mark.parametrize("route", CENTRE_SPACE, ids=lambda r: r.name)
def test_it_sends_a_logged_out_visitor_to_the_login_page(route: Route, client: Client, db: None) -> None:
    url = reverse(route.name, kwargs=route.sample_kwargs())
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 302
        assert response["Location"].startswith("/connexion/?next=")


def test_it_covers_the_centre_space() -> None:
    names = {r.name for r in CENTRE_SPACE}
    assert {"sessions_app:session_list", "centres:centre_members", "home"} <= names
    assert len(CENTRE_SPACE) >= 14


def test_it_keeps_the_objects_after_a_stranger_tried(
    centre: CertificationCentre, admin: User, stranger_client: Client
) -> None:
    session = SessionFactory(centre=centre)
    membership = MembershipFactory(centre=centre)
    invitation, _token = invitation_create(centre=centre, email="invitee@centre.fr", role=Role.MEMBER, by=admin)
    stranger_client.post(f"/sessions/{session.pk}/supprimer/")
    stranger_client.post(f"/centre/membres/{membership.pk}/retirer/")
    stranger_client.post(f"/centre/invitations/{invitation.pk}/annuler/")
    assert Session.objects.filter(pk=session.pk).exists()
    assert Membership.objects.get(pk=membership.pk).is_active
    assert Invitation.objects.get(pk=invitation.pk).cancelled_at is None

"""The live fragment is rendered without the request's context processors (docs/performance.md): its forms must
still carry a CSRF token that the server accepts when the supervisor clicks, with CSRF checks enforced."""

from __future__ import annotations

import re

from django.test import Client

from accounts.models import User
from candidates.models import Candidate
from sessions_app.models import Session, SessionStatus
from tests.candidates.factories import CandidateFactory


def test_a_button_of_the_polled_fragment_posts_with_its_own_token(supervisor: User, session: Session) -> None:
    candidate: Candidate = CandidateFactory(session=session, first_name="Hugo", last_name="Martin")
    client = Client(enforce_csrf_checks=True)
    client.force_login(supervisor)
    client.get("/surveillance/")  # sets the CSRF cookie, as the browser has it
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', client.get("/surveillance/").content.decode())
    assert token is not None
    response = client.post(
        "/surveillance/",
        {
            "session_number": str(session.pk),
            "session_password": session.password_display,
            "csrfmiddlewaretoken": token[1],
        },
    )
    assert response.status_code == 302
    fragment = client.get(
        f"/surveillance/sessions/{session.pk}/en-direct/", headers={"HX-Request": "true"}
    ).content.decode()
    action = f"/surveillance/sessions/{session.pk}/candidats/{candidate.pk}/confirmer-presence/"
    form = re.search(rf'<form method="post" action="{re.escape(action)}">.*?value="([^"]+)"', fragment)
    assert form is not None, fragment[:2000]
    assert client.post(action, {"csrfmiddlewaretoken": form[1]}).status_code == 302
    assert Candidate.objects.get(pk=candidate.pk).authorized_to_start_until is not None


def test_the_fragment_reads_no_centre_for_the_header(portal: Client, session: Session) -> None:
    CandidateFactory(session=session)
    response = portal.get(f"/surveillance/sessions/{session.pk}/en-direct/", headers={"HX-Request": "true"})
    assert response.status_code == 200 and response["Content-Type"] == "text/html; charset=utf-8"
    assert "current_membership" not in (response.context or {})


def test_a_row_kept_from_an_earlier_poll_follows_every_change(portal: Client, session: Session) -> None:
    """Rows are kept per process between polls: a changed candidate or session must show the new state."""
    candidate: Candidate = CandidateFactory(session=session, first_name="Hugo", last_name="Martin")
    url = f"/surveillance/sessions/{session.pk}/en-direct/"

    def fragment() -> str:
        return portal.get(url, headers={"HX-Request": "true"}).content.decode()

    first = fragment()
    assert f'id="confirmer-presence-{candidate.pk}"' in first and "(1)" not in first
    assert fragment().count("<tr") == first.count("<tr")  # served again, unchanged
    portal.post(f"/surveillance/sessions/{session.pk}/candidats/{candidate.pk}/confirmer-presence/")
    confirmed = fragment()
    assert f'id="annuler-presence-{candidate.pk}"' in confirmed and "Présence confirmée jusqu" in confirmed
    assert f'id="confirmer-presence-{candidate.pk}"' not in confirmed
    portal.post(f"/surveillance/sessions/{session.pk}/candidats/{candidate.pk}/annuler-presence/")
    portal.post(f"/surveillance/sessions/{session.pk}/fermer-acces/")
    closed = fragment()
    assert "Accès fermé" in closed and f'id="confirmer-presence-{candidate.pk}"' not in closed
    session.refresh_from_db()
    session.status = SessionStatus.FINALISED
    session.save()
    finalised = fragment()
    assert "Session finalisée" in finalised and "presence" not in finalised.split("<tbody")[1]


def test_each_poll_carries_its_own_csrf_token(portal: Client, session: Session) -> None:
    CandidateFactory(session=session)
    url = f"/surveillance/sessions/{session.pk}/en-direct/"
    for _ in range(2):
        page = portal.get(url, headers={"HX-Request": "true"}).content.decode()
        tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page))
        assert len(tokens) == 1 and "placeholder" not in page

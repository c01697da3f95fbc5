"""Secrets never travel in a URL and never reach a log line.

The secrets: account passwords, the session password (supervisors), the access code (candidates),
the verification code, the one-time links (password reset, invitation, results) whose token *is* the
URL by design (tests/test_stranger_walk.py, PUBLIC_ROUTES). Every form that carries a secret posts
it; a secret put in a query string opens nothing; the logs of each flow, captured at DEBUG from the
root logger, never hold the secret; the audit rows neither.
"""

from __future__ import annotations

import datetime as dt
import logging
import re

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import User
from centres.models import CentreEvent
from sessions_app.models import Session, SessionEvent
from tests.accounts.factories import PASSWORD, UserFactory
from tests.candidates.factories import CandidateFactory
from tests.certification.factories import bank, user_profile
from tests.sessions_app.factories import SessionFactory

SECRET_FIELDS = {"password", "session_password", "access_code", "new_password1", "new_password2", "code"}
FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.IGNORECASE | re.DOTALL)


def _forms_with_secrets(html: str) -> list[tuple[str, set[str]]]:
    found = []
    for attrs, body in FORM.findall(html):
        names = set(re.findall(r'name="([^"]+)"', body)) & SECRET_FIELDS
        if names:
            method = re.search(r'method="([^"]+)"', attrs)
            found.append((method.group(1).lower() if method else "get", names))
    return found


@pytest.mark.parametrize("url", ["/connexion/", "/surveillance/", "/certification/", "/verification/"])
def test_every_form_with_a_secret_posts_it(url: str, member_client: Client) -> None:
    if url == "/connexion/":
        member_client.logout()
    forms = _forms_with_secrets(member_client.get(url).content.decode())
    assert forms, f"{url}: no secret field found (the test would prove nothing)"
    for method, names in forms:
        assert method == "post", f"{url}: {names} sent by {method.upper()}"


def test_a_secret_in_a_query_string_opens_nothing(member_client: Client, centre: object) -> None:
    session: Session = SessionFactory(centre=centre, supervisor_password="B7KD3HMP")
    query = f"?session_number={session.pk}&session_password=C-B7KD3HMP"
    assert member_client.get("/surveillance/" + query).status_code == 200
    assert member_client.get(f"/surveillance/sessions/{session.pk}/").status_code == 404
    member_client.logout()
    response = member_client.get(f"/connexion/?username=membre@centre.fr&password={PASSWORD}")
    assert not response.wsgi_request.user.is_authenticated


def test_no_redirect_carries_a_secret(client: Client, member: User, centre: object) -> None:
    response = client.post("/connexion/?next=/sessions/", {"username": "membre@centre.fr", "password": PASSWORD})
    assert PASSWORD not in response["Location"]
    session: Session = SessionFactory(centre=centre, supervisor_password="B7KD3HMP")
    response = client.post("/surveillance/", {"session_number": str(session.pk), "session_password": "C-B7KD3HMP"})
    assert response.status_code == 302
    assert "B7KD3HMP" not in response["Location"]


def _all_logs(caplog: pytest.LogCaptureFixture) -> str:
    return "\n".join(f"{r.name} {r.getMessage()} {r.args!r}" for r in caplog.records)


def test_the_login_flows_log_no_password(client: Client, member: User, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG):
        client.post("/connexion/", {"username": "membre@centre.fr", "password": "Faux-Secret-1234"})
        client.post("/connexion/", {"username": "membre@centre.fr", "password": PASSWORD})
        client.post("/deconnexion/")
        client.post("/mot-de-passe/oubli/", {"email": "membre@centre.fr"})
    logs = _all_logs(caplog)
    assert caplog.records, "nothing captured: the test would prove nothing"
    assert "Faux-Secret-1234" not in logs
    assert PASSWORD not in logs


def test_the_supervisor_flow_logs_no_session_password(
    client: Client, centre: object, caplog: pytest.LogCaptureFixture
) -> None:
    session: Session = SessionFactory(centre=centre, supervisor_password="B7KD3HMP", access_code="KBPM47")
    CandidateFactory(session=session)
    client.force_login(UserFactory(email="surveillant@lycee.fr"))
    with caplog.at_level(logging.DEBUG):
        for i in range(11):  # up to the lock, whose audit line is written
            client.post("/surveillance/", {"session_number": str(session.pk), "session_password": f"C-FAUX{i:04d}"})
    logs = _all_logs(caplog)
    assert "throttle.locked" in logs
    for secret in ("B7KD3HMP", "KBPM47", "FAUX0003"):
        assert secret not in logs


def test_the_join_flow_logs_no_access_code(client: Client, db: None, caplog: pytest.LogCaptureFixture) -> None:
    bank()
    candidate = CandidateFactory(
        session=SessionFactory(access_code="KBPM47", supervisor_password="B7KD3HMP"),
        first_name="Léa",
        last_name="Dupont",
        birthdate=dt.date(2008, 3, 14),
        authorized_to_start_until=timezone.now() + dt.timedelta(minutes=15),
    )
    user = UserFactory(email="lea@exemple.fr")
    user_profile(user)
    client.force_login(user)
    data = {
        "session_number": str(candidate.session_id),
        "first_name": "Léa",
        "last_name": "Dupont",
        "birthdate": "14/03/2008",
    }
    with caplog.at_level(logging.DEBUG):
        for i in range(10):
            client.post("/certification/", {**data, "access_code": f"QQQQ{i}3"})
    logs = _all_logs(caplog)
    assert "throttle.locked" in logs
    for secret in ("KBPM47", "QQQQ33", "B7KD3HMP"):
        assert secret not in logs


def test_the_audit_rows_keep_no_session_secret(admin_client: Client, centre: object) -> None:
    response = admin_client.post(
        "/sessions/creer/",
        {"address": "Campus", "room": "Salle 1", "date": "2031-02-03", "time": "09:00", "supervisors": "Mme Durand"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    session = Session.objects.get()
    events = " ".join(str(e.data) for e in SessionEvent.objects.filter(session=session))
    events += " ".join(str(e.data) for e in CentreEvent.objects.all())
    assert SessionEvent.objects.filter(session=session).exists()
    assert session.access_code not in events
    assert session.supervisor_password not in events

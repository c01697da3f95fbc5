"""Brute force on every secret a stranger can type: each is locked after the documented number of
failures, stays locked even for the right secret, and the lock is audited.

The numbers: login 5 failures → 15 min (docs/architecture.md, django-axes); access code 10 in 10 min →
2 min, doubling (DOMAIN.md §4, docs/passage-du-test.md); session password, same limit
(docs/espace-surveillant.md); verification code 20 in 10 min per address → 10 min, HTTP 429
(docs/certificats.md). The audit: a WARNING ``throttle.locked scope=… key_sha256=…`` on the
``pixcertif.throttle`` logger (accounts/throttle.py) and the lock kept in the database (``Throttle``
row, axes ``AccessAttempt``). The LSU token endpoint is not there yet (SECURITY.md, « À venir »).
"""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.utils import timezone

from accounts.models import Throttle, User
from accounts.throttle import key_digest, stored_key
from candidates.models import Candidate
from certification.models import CertificationCourse
from sessions_app.models import Session
from tests.accounts.factories import PASSWORD, UserFactory
from tests.candidates.factories import CandidateFactory
from tests.certification.factories import bank, user_profile
from tests.results.certificate_factories import certified_course
from tests.sessions_app.factories import SessionFactory

AUDIT_LOGGER = "pixcertif.throttle"


def _audit_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == AUDIT_LOGGER and r.levelno == logging.WARNING]


# --- Login (django-axes) ------------------------------------------------------------------------


def test_login_locks_after_five_failures_and_the_lock_is_audited(
    client: Client, member: User, caplog: pytest.LogCaptureFixture
) -> None:
    wrong = {"username": "membre@centre.fr", "password": "essai-Brute-Force-7"}
    with caplog.at_level(logging.DEBUG):
        for _ in range(4):
            assert client.post("/connexion/", wrong).status_code == 200
        assert not _audit_lines(caplog)
        locked = client.post("/connexion/", wrong)
        assert locked.status_code in (403, 429)
        right = client.post("/connexion/", {"username": "membre@centre.fr", "password": PASSWORD})
    assert right.status_code in (403, 429)
    assert not right.wsgi_request.user.is_authenticated
    lines = _audit_lines(caplog)
    assert lines and all("scope=login" in line for line in lines)
    assert key_digest("membre@centre.fr|127.0.0.1") in lines[0]
    assert "membre@centre.fr" not in "\n".join(lines)
    # The database keeps the attempts (staff can read them in the admin), never the password typed.
    attempt = AccessAttempt.objects.get(username="membre@centre.fr")
    assert attempt.failures_since_start >= 5
    assert "essai-Brute-Force-7" not in attempt.post_data
    assert "essai-Brute-Force-7" not in caplog.text


# --- Access code (joining a session) ------------------------------------------------------------


@pytest.fixture
def joinable(db: None) -> Candidate:
    bank()
    return CandidateFactory(
        session=SessionFactory(access_code="KBPM47"),
        first_name="Léa",
        last_name="Dupont",
        birthdate=dt.date(2008, 3, 14),
        authorized_to_start_until=timezone.now() + dt.timedelta(minutes=15),
    )


def _join(client: Client, candidate: Candidate, code: str) -> str:
    data = {
        "session_number": str(candidate.session_id),
        "access_code": code,
        "first_name": "Léa",
        "last_name": "Dupont",
        "birthdate": "14/03/2008",
    }
    return client.post("/certification/", data).content.decode()


def test_the_access_code_locks_after_ten_failures_and_the_lock_is_audited(
    client: Client, joinable: Candidate, caplog: pytest.LogCaptureFixture
) -> None:
    user = UserFactory(email="lea@exemple.fr")
    user_profile(user)
    client.force_login(user)
    with caplog.at_level(logging.DEBUG):
        for i in range(9):
            assert "Trop de tentatives" not in _join(client, joinable, f"XXXX{i}2")
        assert "Trop de tentatives" in _join(client, joinable, "XXXX92")
        assert "Trop de tentatives" in _join(client, joinable, "KBPM47")  # the right code, refused unchecked
    assert not CertificationCourse.objects.exists()
    # The lock is the account's on that session, never the session's (anyone else still gets in).
    key = f"compte:{user.pk}:session:{joinable.session_id}"
    row = Throttle.objects.get(scope="join", key=key)
    assert row.locked_until is not None and row.locked_until > timezone.now()
    assert row.lock_count == 1
    assert not Throttle.objects.filter(scope="join", key=str(joinable.session_id)).exists()
    lines = _audit_lines(caplog)
    assert len(lines) == 1
    assert "scope=join" in lines[0] and key_digest(key) in lines[0]
    assert "KBPM47" not in caplog.text


# --- Session password (supervisor portal) -------------------------------------------------------


def test_the_session_password_locks_after_ten_failures_and_the_lock_is_audited(
    client: Client, centre: object, caplog: pytest.LogCaptureFixture
) -> None:
    session: Session = SessionFactory(centre=centre, supervisor_password="B7KD3HMP")
    client.force_login(UserFactory(email="surveillant@lycee.fr"))
    url = "/surveillance/"
    with caplog.at_level(logging.DEBUG):
        for i in range(10):
            response = client.post(url, {"session_number": str(session.pk), "session_password": f"C-WRONG{i:03d}"})
            assert response.status_code == 200
        right = client.post(url, {"session_number": str(session.pk), "session_password": "C-B7KD3HMP"})
    assert right.status_code == 200
    assert "Trop de tentatives pour cette session" in right.content.decode()
    assert client.get(f"/surveillance/sessions/{session.pk}/").status_code == 404
    # Leading zeros are the same session number: no way around the lock.
    padded = client.post(url, {"session_number": f"00{session.pk}", "session_password": "C-B7KD3HMP"})
    assert "Trop de tentatives pour cette session" in padded.content.decode()
    assert client.get(f"/surveillance/sessions/{session.pk}/").status_code == 404
    supervisor = UserFactory(email="autre.surveillant@lycee.fr")  # another account is not locked out
    client.force_login(supervisor)
    other = client.post(url, {"session_number": str(session.pk), "session_password": "C-B7KD3HMP"})
    assert other.status_code == 302
    row = Throttle.objects.get(scope="supervision", key=f"compte:{right.wsgi_request.user.pk}:session:{session.pk}")
    assert row.locked_until is not None and row.lock_count == 1
    lines = _audit_lines(caplog)
    assert len(lines) == 1 and "scope=supervision" in lines[0]
    assert "B7KD3HMP" not in caplog.text


# --- Verification code (public page) ------------------------------------------------------------


def test_the_verification_code_locks_an_address_after_twenty_failures_and_is_audited(
    client: Client, db: None, caplog: pytest.LogCaptureFixture
) -> None:
    course = certified_course()
    with caplog.at_level(logging.DEBUG):
        for _ in range(19):
            assert client.post("/verification/", {"code": "P-BBBBBBBB"}).status_code == 200
        assert client.post("/verification/", {"code": "P-BBBBBBBB"}).status_code == 429
        assert client.post("/verification/", {"code": course.verification_code}).status_code == 429
    row = Throttle.objects.get(scope="verification", key=stored_key("verification", "127.0.0.1"))
    assert row.lock_count == 1
    lines = _audit_lines(caplog)
    assert len(lines) == 1 and "scope=verification" in lines[0]
    assert "127.0.0.1" not in lines[0]  # the address is personal data: hashed in the log line

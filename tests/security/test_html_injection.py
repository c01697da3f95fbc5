"""HTML injection: every free text a user types comes back escaped on every page that shows it.

Two payloads in every field: a script element and an attribute break-out. A page passes when neither
appears raw and the escaped script is there (so the field was really shown). No template uses
``|safe`` or ``autoescape off`` and no code ``mark_safe`` (checked below): Django's escaping stays on.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from candidates.models import Candidate
from centres.models import CertificationCentre
from finalisation.models import IssueReport, IssueSource, SessionFinalisation
from sessions_app.models import Session
from tests.accounts.factories import UserFactory
from tests.candidates.factories import CandidateFactory
from tests.certification.factories import course_by_hand
from tests.results.certificate_factories import certified_course
from tests.sessions_app.factories import SessionFactory

SCRIPT = "<script>alert(1)</script>"
BREAKOUT = '"><img src=x onerror=alert(1)>'
PAYLOAD = f"{SCRIPT}{BREAKOUT}"
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"


def assert_escaped(html: str, where: str) -> None:
    assert SCRIPT not in html, f"{where}: raw <script>"
    assert "<img src=x onerror" not in html, f"{where}: raw <img onerror>"
    assert ESCAPED_SCRIPT in html, f"{where}: the field is not shown (nothing proven)"


@pytest.fixture
def hostile_session(centre: CertificationCentre) -> Session:
    centre.name = f"Centre {PAYLOAD}"
    centre.save(update_fields=["name"])
    session = SessionFactory(
        centre=centre, address=f"Site {PAYLOAD}", room=f"Salle {PAYLOAD}", supervisors=f"M. {PAYLOAD}",
        description=f"Obs {PAYLOAD}", started_at=timezone.now(),
    )  # fmt: skip
    candidate = CandidateFactory(
        session=session, first_name=f"P{PAYLOAD}", last_name=f"N{PAYLOAD}", external_id=f"E{PAYLOAD}",
        birth_city=f"V{PAYLOAD}", user=UserFactory(),
    )  # fmt: skip
    course_by_hand(candidate=candidate, positions={"1.1": (1, 8)}, questions=[("1.1", "ok", False)])
    IssueReport.objects.create(
        candidate=candidate, code="C7", description=f"D{PAYLOAD}", source=IssueSource.LIVE,
        created_at=timezone.now(),
    )  # fmt: skip
    SessionFinalisation.objects.create(session=session, global_comment=f"G{PAYLOAD}")
    return session


def test_the_centre_pages_escape_every_field(hostile_session: Session, admin_client: Client) -> None:
    pk = hostile_session.pk
    # Page → the fields it must show (escaped): the prefix typed before the payload.
    pages = {
        "liste des sessions": ("/sessions/", ["Site ", "Salle ", "M. "]),
        "détail de la session": (f"/sessions/{pk}/", ["Site ", "Salle ", "M. ", "Obs ", "Centre "]),
        "modifier la session": (f"/sessions/{pk}/modifier/", ["Site ", "Salle ", "Obs "]),
        "candidats": (f"/sessions/{pk}/candidats/", ["P", "N"]),
        "finalisation (signalements)": (f"/sessions/{pk}/finalisation/", ["N", "D"]),
        "finalisation (informations)": (f"/sessions/{pk}/finalisation/informations/", ["G"]),
        "membres du centre": ("/centre/", ["Centre "]),
    }
    for where, (url, prefixes) in pages.items():
        response = admin_client.get(url)
        assert response.status_code == 200, where
        html = response.content.decode()
        assert_escaped(html, where)
        for prefix in prefixes:
            assert f"{prefix}{ESCAPED_SCRIPT}" in html, f"{where}: « {prefix}… » not shown escaped"


def test_the_candidate_edit_form_escapes_the_values(hostile_session: Session, admin_client: Client) -> None:
    candidate = Candidate.objects.get(session=hostile_session)
    html = admin_client.get(f"/sessions/{hostile_session.pk}/candidats/{candidate.pk}/modifier/").content.decode()
    assert_escaped(html, "modifier le candidat")
    assert 'value="P&lt;script&gt;' in html


def test_the_supervisor_portal_escapes_every_field(hostile_session: Session, client: Client) -> None:
    client.force_login(UserFactory(email="surveillant@lycee.fr"))
    response = client.post(
        "/surveillance/",
        {"session_number": str(hostile_session.pk), "session_password": hostile_session.password_display},
    )
    assert response.status_code == 302
    candidate = Candidate.objects.get(session=hostile_session)
    for where, url in {
        "portail": f"/surveillance/sessions/{hostile_session.pk}/",
        "portail en direct": f"/surveillance/sessions/{hostile_session.pk}/en-direct/",
        "signalements": f"/surveillance/sessions/{hostile_session.pk}/candidats/{candidate.pk}/incidents/",
    }.items():
        response = client.get(url)
        assert response.status_code == 200, where
        assert_escaped(response.content.decode(), where)


def test_the_candidate_pages_escape_their_names(hostile_session: Session, client: Client) -> None:
    candidate = Candidate.objects.get(session=hostile_session)
    client.force_login(candidate.user)  # type: ignore[arg-type]
    html = client.get(reverse("certification:certification_join")).content.decode()
    assert SCRIPT not in html


def test_the_certificate_pages_escape_names_centre_and_jury_comment(client: Client, db: None) -> None:
    user = UserFactory(email="camille@exemple.fr")
    course = certified_course(
        user=user, first_name=f"C{PAYLOAD}", last_name=f"D{PAYLOAD}", centre_name=f"L{PAYLOAD}",
        comment_for_candidate=f"J{PAYLOAD}",
    )  # fmt: skip
    html = client.post("/verification/", {"code": course.verification_code}).content.decode()
    assert_escaped(html, "vérification")
    assert "J&lt;script" not in html  # no jury comment on the public page at all
    client.force_login(user)
    assert_escaped(client.get(reverse("results:my_certificates")).content.decode(), "mes certificats")


def test_the_staff_admin_escapes_the_fields(hostile_session: Session, client: Client) -> None:
    client.force_login(UserFactory(email="chef@pix.fr", is_staff=True, is_superuser=True))
    candidate = Candidate.objects.get(session=hostile_session)
    for where, url in {
        "admin session": reverse("admin:sessions_app_session_change", args=[hostile_session.pk]),
        "admin candidat": reverse("admin:candidates_candidate_change", args=[candidate.pk]),
        "admin candidats": reverse("admin:candidates_candidate_changelist"),
    }.items():
        response = client.get(url)
        assert response.status_code == 200, where
        assert_escaped(response.content.decode(), where)


# The one place allowed, with its reason: nothing typed by a user goes through it unescaped.
MARKED_SAFE_ON_PURPOSE = {
    # A portal row is rendered (and escaped) by the template engine, kept per process, and only the request's
    # CSRF token (letters and digits from Django) is put back into it (docs/performance.md).
    "supervision/views.py",
}


def test_no_template_or_code_turns_escaping_off() -> None:
    base = Path(settings.BASE_DIR)
    offenders = []
    for path in [*base.glob("templates/**/*.html"), *base.glob("*/templates/**/*.html")]:
        if ".venv" not in path.parts and re.search(r"\|\s*safe\b|autoescape\s+off", path.read_text(encoding="utf-8")):
            offenders.append(str(path.relative_to(base)))
    for path in base.glob("*/**/*.py"):
        top = path.parts[len(base.parts)]
        if top in {".venv", "tests", "var"}:
            continue
        relative = str(path.relative_to(base))
        if relative not in MARKED_SAFE_ON_PURPOSE and re.search(
            r"\bmark_safe\(|SafeString\(", path.read_text(encoding="utf-8")
        ):
            offenders.append(relative)
    assert not offenders, f"escaping turned off: {offenders}"


def test_a_pdf_prints_a_hostile_name_as_text(hostile_session: Session, admin_client: Client) -> None:
    from tests.candidates.pdf_text import PDFTOTEXT, pdf_text

    if PDFTOTEXT is None:
        pytest.skip("pdftotext is not installed")
    response = admin_client.get(reverse("candidates:attendance_sheet", kwargs={"session_pk": hostile_session.pk}))
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "<script>alert(1)</script>" in text  # printed as text, not interpreted


def test_the_results_pages_escape_the_names(centre: CertificationCentre, admin_client: Client, client: Client) -> None:
    from results.links import recipient_token
    from sessions_app.models import SessionStatus
    from tests.results.publication_factories import NOW, finalised_session, scored_course

    session = finalised_session(centre)
    session.status, session.published_at = SessionStatus.PROCESSED, NOW
    session.save()
    scored_course(
        session, pix=16, levels={"1.1": 2}, first_name=f"P{PAYLOAD}", last_name=f"N{PAYLOAD}",
        comment_for_organisation=f"J{PAYLOAD}", result_recipient_email="formateur@centre.fr",
    )  # fmt: skip
    html = admin_client.get(reverse("results:session_results", kwargs={"session_pk": session.pk})).content.decode()
    assert_escaped(html, "résultats (centre)")
    assert f"N{ESCAPED_SCRIPT}" in html
    token = recipient_token(session=session, email="formateur@centre.fr", now=timezone.now())
    html = client.get(reverse("results:recipient_results", kwargs={"token": token})).content.decode()
    assert_escaped(html, "résultats (lien du destinataire)")

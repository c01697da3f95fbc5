"""The three document downloads: members get the PDF, strangers a 404, like every session page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from weasyprint.urls import URLFetcher

from candidates.pdf import _LocalFilesOnly
from centres.models import CertificationCentre
from tests.candidates.factories import CandidateFactory
from tests.sessions_app.factories import SessionFactory

DOCUMENTS = [
    ("candidates:attendance_sheet", "feuille-emargement-session-{}.pdf"),
    ("candidates:incident_report_form", "pv-incident-session-{}.pdf"),
    ("candidates:supervisor_kit", "kit-surveillant-session-{}.pdf"),
]


@pytest.mark.parametrize(("route", "filename"), DOCUMENTS)
def test_it_gives_the_member_the_pdf_as_an_attachment(
    route: str, filename: str, centre: CertificationCentre, member_client: Client
) -> None:
    session = SessionFactory(centre=centre)
    CandidateFactory(session=session)
    response = member_client.get(reverse(route, args=[session.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{filename.format(session.pk)}"'
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"%PDF")


@pytest.mark.parametrize(("route", "filename"), DOCUMENTS)
def test_it_answers_not_found_to_a_stranger(
    route: str, filename: str, centre: CertificationCentre, stranger_client: Client
) -> None:
    session = SessionFactory(centre=centre)
    assert stranger_client.get(reverse(route, args=[session.pk])).status_code == 404


def test_it_refuses_a_post_from_the_member(centre: CertificationCentre, member_client: Client) -> None:
    session = SessionFactory(centre=centre)
    assert member_client.post(reverse("candidates:attendance_sheet", args=[session.pk])).status_code == 405


def test_it_links_the_documents_from_the_session_page(centre: CertificationCentre, member_client: Client) -> None:
    session = SessionFactory(centre=centre)
    html = member_client.get(reverse("sessions_app:session_detail", args=[session.pk])).content.decode()
    for route, _filename in DOCUMENTS:
        assert reverse(route, args=[session.pk]) in html


@pytest.mark.parametrize(
    "url", ["http://example.com/logo.png", "https://example.com/style.css", "ftp://example.com/x", "file:///etc/passwd"]
)
def test_it_never_fetches_anything_but_local_static_files(url: str) -> None:
    with pytest.raises(ValueError, match=r"disallowed protocol|Refused"):
        _LocalFilesOnly().fetch(url)
    assert isinstance(_LocalFilesOnly(), URLFetcher)

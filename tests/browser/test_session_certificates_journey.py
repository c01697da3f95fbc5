"""A centre member prepares and downloads the certificates of a published session in Chromium.

The build runs eagerly inside the request in tests (Celery's always-eager mode); the page then shows
the download link, and the file downloaded is the stored PDF. Every state passes axe (tests/browser/a11y.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from centres.models import CertificationCentre
from results.models import CertificateBatch, CertificateBatchStatus
from results.services import session_publish
from tests.accounts.factories import PASSWORD
from tests.browser.a11y import assert_accessible
from tests.browser.conftest import login
from tests.results.certificate_factories import LEVELS
from tests.results.publication_factories import finalised_session, scored_course


def test_a_member_prepares_and_downloads_the_session_certificates(
    page: Page,
    live_server: Any,
    admin: Any,
    staff: Any,
    centre: CertificationCentre,
    settings: Any,
    tmp_path: Path,
    shots_dir: Path,
) -> None:
    settings.MEDIA_ROOT = tmp_path
    session = finalised_session(centre)
    for first_name, last_name in (("Léa", "Arnaud"), ("Noé", "Bernard"), ("Inès", "Colin")):
        scored_course(session, pix=200, levels=LEVELS, first_name=first_name, last_name=last_name)
    session_publish(session=session, by=staff)  # committed: the worker (eager here) builds the batch
    assert CertificateBatch.objects.get(session=session).status == CertificateBatchStatus.READY
    # The centre's own button, as for a session published before batches were built at publication.
    CertificateBatch.objects.filter(session=session).delete()
    base = live_server.url
    login(page, base, admin.email, PASSWORD)

    page.goto(f"{base}/sessions/{session.pk}/resultats/")
    expect(page.get_by_role("heading", name="Certificats de la session")).to_be_visible()
    expect(page.get_by_text("n'ont pas encore été préparés")).to_be_visible()
    assert_accessible(page, context="résultats, certificats non préparés")

    page.get_by_role("button", name="Préparer les certificats de la session").click()

    expect(page.get_by_text("La préparation des certificats a commencé")).to_be_visible()
    link = page.get_by_role("link", name="Télécharger les certificats (PDF, 3 certificats)")
    expect(link).to_be_visible()
    expect(page.get_by_text("Certificats préparés le")).to_be_visible()
    assert_accessible(page, context="résultats, certificats prêts")
    page.screenshot(path=str(shots_dir / "session_certificates_ready.png"), full_page=True)

    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename == f"certificats_session_{session.pk}.pdf"
    assert Path(download.path()).read_bytes().startswith(b"%PDF")

from __future__ import annotations

from candidates.pdf import supervisor_kit
from centres.models import CertificationCentre
from tests.candidates.pdf_text import flat, needs_pdftotext, page_count, pdf_text
from tests.sessions_app.factories import SessionFactory


def test_it_renders_a_pdf_named_after_the_session(centre: CertificationCentre) -> None:
    session = SessionFactory(centre=centre)
    filename, content_type, content = supervisor_kit(session)
    assert filename == f"kit-surveillant-session-{session.pk}.pdf"
    assert content_type == "application/pdf"
    assert content.startswith(b"%PDF")


@needs_pdftotext
def test_it_holds_the_codes_and_the_instructions_on_one_or_two_pages(centre: CertificationCentre, settings: object) -> None:
    settings.PIXCERTIF_SITE_URL = "unused"  # type: ignore[attr-defined]
    settings.SITE_URL = "https://certif.exemple.fr"  # type: ignore[attr-defined]
    session = SessionFactory(centre=centre, access_code="KBPM47", supervisor_password="BCDF2346", room="Salle 3")
    content = supervisor_kit(session)[2]
    text = flat(pdf_text(content))
    assert 1 <= page_count(content) <= 2
    assert "KBPM47" in text and "C-BCDF2346" in text
    assert f"Session n° {session.pk}" in text and "Salle 3" in text
    assert "https://certif.exemple.fr/surveillance/" in text
    for step in ("Confirmer la présence", "Autoriser la reprise du test", "Terminer le test", "PV d'incident", "48 heures"):
        assert step in text


@needs_pdftotext
def test_the_downloaded_kit_gives_the_portal_at_the_address_the_centre_reached(
    member_client: object, centre: CertificationCentre, settings: object
) -> None:
    settings.ALLOWED_HOSTS = ["certif.lycee-hugo.fr"]  # type: ignore[attr-defined]
    settings.SITE_URL = "https://configured.example.fr"  # type: ignore[attr-defined]
    session = SessionFactory(centre=centre)
    response = member_client.get(  # type: ignore[attr-defined]
        f"/sessions/{session.pk}/documents/kit-surveillant/", HTTP_HOST="certif.lycee-hugo.fr"
    )
    text = flat(pdf_text(response.content))
    assert "http://certif.lycee-hugo.fr/surveillance/" in text
    assert "127.0.0.1" not in text and "configured.example.fr" not in text

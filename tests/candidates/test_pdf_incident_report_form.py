from __future__ import annotations

import re

from candidates.pdf import INCIDENT_CODES, incident_report_form
from centres.models import CertificationCentre
from tests.candidates.pdf_text import flat, needs_pdftotext, page_count, pdf_text
from tests.sessions_app.factories import SessionFactory

DOMAIN_CODES = ["C1", "C2", "C4", "C6", "C7", "C8", "E1", "E2", "E3", "E4", "E5", "E8", "E9", "E10", "E11", "E12"]


def test_it_renders_a_pdf_named_after_the_session(centre: CertificationCentre) -> None:
    session = SessionFactory(centre=centre)
    filename, content_type, content = incident_report_form(session)
    assert filename == f"pv-incident-session-{session.pk}.pdf"
    assert content_type == "application/pdf"
    assert content.startswith(b"%PDF")


def test_it_knows_every_incident_code_of_the_finalisation() -> None:
    assert [code for code, _label in INCIDENT_CODES] == DOMAIN_CODES


@needs_pdftotext
def test_it_lists_every_code_with_its_label_on_one_page(centre: CertificationCentre) -> None:
    session = SessionFactory(centre=centre, room="Salle 12")
    content = incident_report_form(session)[2]
    text = pdf_text(content)
    assert page_count(content) == 1
    for code in DOMAIN_CODES:
        assert re.search(rf"(?m)^\s*{code}\s|\s{code}\s", text), f"{code} is not printed"
    flat_text = flat(text)
    for label in ("Suspicion de fraude", "Incident technique non bloquant", "Ajout/modification du temps majoré"):
        assert label in flat_text
    assert "PV d'incident" in flat_text and f"Session n° {session.pk}" in flat_text and "Salle 12" in flat_text
    for column in ("Candidat (nom, prénom)", "Code", "Question n°", "Description"):
        assert column in flat_text

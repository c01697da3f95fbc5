from __future__ import annotations

import datetime as dt
import re

from candidates.pdf import INCIDENT_CODES, incident_report_form
from centres.models import CertificationCentre
from finalisation.models import IssueReport, IssueSource
from tests.candidates.factories import CandidateFactory
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


# --- the PV of this session (issue 15, item 4) --------------------------------------------------------


@needs_pdftotext
def test_it_prints_the_session_details_a_line_per_candidate_and_the_incidents_of_the_portal(
    centre: CertificationCentre,
) -> None:
    session = SessionFactory(
        centre=centre, room="Salle 12", address="Bâtiment B", supervisors="Mme Durand, M. Petit",
        date=dt.date(2031, 2, 3), time=dt.time(9, 30),
    )
    lea = CandidateFactory(session=session, first_name="Léa", last_name="Arnaud")
    noe = CandidateFactory(session=session, first_name="Noé", last_name="Bernard")
    at = dt.datetime(2031, 2, 3, 9, 47, tzinfo=dt.UTC)
    IssueReport.objects.create(
        candidate=noe, code="E4", question_number=7, source=IssueSource.LIVE, created_at=at
    )
    IssueReport.objects.create(
        candidate=lea, code="C7", description="Écran noir 2 minutes", source=IssueSource.LIVE, created_at=at
    )
    IssueReport.objects.create(
        candidate=lea, code="C6", description="Recopié du papier", source=IssueSource.FINALISATION, created_at=at
    )
    text = flat(pdf_text(incident_report_form(session, now=at)[2]))
    for detail in (centre.name, f"Session n° {session.pk}", "lundi 3 février 2031", "09:30", "Bâtiment B", "Salle 12",
                   "Mme Durand, M. Petit"):
        assert detail in text, detail
    assert "Arnaud Léa" in text and "Bernard Noé" in text
    assert "Incidents déjà signalés dans l'espace surveillant" in text
    assert "E4" in text and "Le site à visiter est indisponible ou en maintenance" in text
    assert "Incident technique non bloquant : Écran noir 2 minutes" in text
    assert "Recopié du papier" not in text  # typed at finalisation: not an incident of the portal


@needs_pdftotext
def test_it_says_when_the_portal_holds_no_incident_yet(centre: CertificationCentre) -> None:
    session = SessionFactory(centre=centre)
    CandidateFactory(session=session, first_name="Léa", last_name="Arnaud")
    at = dt.datetime(2031, 2, 3, 8, 5, tzinfo=dt.UTC)
    content = incident_report_form(session, now=at)[2]
    assert "Aucun incident signalé dans l'espace surveillant au 03/02/2031 à 09:05, heure de l'impression." in flat(
        pdf_text(content)
    )
    assert page_count(content) == 1


@needs_pdftotext
def test_it_continues_on_more_pages_for_a_large_session(centre: CertificationCentre) -> None:
    session = SessionFactory(centre=centre)
    for n in range(30):
        CandidateFactory(session=session, first_name=f"Élève{n:02d}", last_name="Classe")
    content = incident_report_form(session)[2]
    text = flat(pdf_text(content))
    assert page_count(content) >= 2
    assert all(f"Classe Élève{n:02d}" in text for n in range(30))

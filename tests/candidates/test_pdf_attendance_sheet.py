from __future__ import annotations

import datetime as dt
import random
import re

import pytest

from candidates.pdf import attendance_sheet
from centres.models import CertificationCentre
from sessions_app.models import Session
from tests.candidates.factories import CandidateFactory
from tests.candidates.pdf_text import flat, needs_pdftotext, page_count, pdf_text
from tests.centres.factories import ScoCentreFactory, StudentFactory
from tests.sessions_app.factories import SessionFactory


@pytest.fixture
def session(centre: CertificationCentre) -> Session:
    return SessionFactory(
        centre=centre,
        address="Campus Lumière",
        room="Amphi B",
        date=dt.date(2031, 3, 12),
        time=dt.time(14, 30),
        supervisors="Mme Durand, M. Martin",
    )


def _enrol_in_random_order(session: Session, last_names: list[str]) -> None:
    shuffled = last_names[:]
    random.Random(3).shuffle(shuffled)
    for last_name in shuffled:
        CandidateFactory(session=session, last_name=last_name, first_name="Alex")


def test_it_renders_a_pdf_named_after_the_session(session: Session) -> None:
    filename, content_type, content = attendance_sheet(session)
    assert filename == f"feuille-emargement-session-{session.pk}.pdf"
    assert content_type == "application/pdf"
    assert content.startswith(b"%PDF")


@needs_pdftotext
def test_it_prints_twenty_candidates_a_page_in_name_order(session: Session) -> None:
    names = [f"Nom{i:02d}" for i in range(45)]
    names[3], names[5] = "nom03", "Nöm05"  # case and accents do not change the order
    _enrol_in_random_order(session, names)

    _filename, _type, content = attendance_sheet(session)

    assert page_count(content) == 3
    for number, expected in enumerate((names[:20], names[20:40], names[40:]), start=1):
        text = pdf_text(content, page=number)
        positions = [text.find(name) for name in expected]
        assert -1 not in positions, f"page {number} misses {expected[positions.index(-1)]}"
        assert positions == sorted(positions), f"page {number} is not in name order"
        assert not {name for name in names if name not in expected and name in text}
        assert re.search(rf"\b{number}/3\b", text)
        # The header and the column titles are repeated on every page.
        assert f"Session n° {session.pk}" in text
        assert "Amphi B" in text and "Campus Lumière" in text and "12/03/2031" in text and "14:30" in text
        assert "Nom de naissance" in text and "Signature" in text


@needs_pdftotext
def test_it_sorts_by_birth_name_then_first_name_ignoring_case_and_accents(session: Session) -> None:
    for last_name, first_name in [("Zola", "Émile"), ("martin", "Zoé"), ("Martin", "Élodie"), ("Éluard", "Paul"), ("Dupont", "Léa")]:
        CandidateFactory(session=session, last_name=last_name, first_name=first_name)
    text = pdf_text(attendance_sheet(session)[2])
    rows = [line.split()[:2] for line in text.splitlines() if re.fullmatch(r"\d\d/\d\d/\d{4}", (line.split() + [""] * 3)[2])]
    assert rows == [["Dupont", "Léa"], ["Éluard", "Paul"], ["Martin", "Élodie"], ["martin", "Zoé"], ["Zola", "Émile"]]


@needs_pdftotext
def test_it_prints_the_session_the_supervisors_and_the_identity_documents(session: Session) -> None:
    CandidateFactory(session=session, last_name="Dupont", first_name="Léa", birthdate=dt.date(2003, 1, 9))
    text = flat(pdf_text(attendance_sheet(session)[2]))
    assert "Feuille d'émargement" in text
    assert "Mme Durand" in text and "M. Martin" in text
    assert "Dupont Léa 09/01/2003" in text
    for document in ("carte d'identité", "passeport", "permis de conduire", "titre ou carte de séjour"):
        assert document in text
    assert re.search(r"\b1/1\b", text)


@needs_pdftotext
def test_it_shows_the_local_id_and_the_extra_time_outside_schools(session: Session) -> None:
    CandidateFactory(session=session, last_name="Dupont", external_id="ETU-4242", extra_time_percentage=33)
    CandidateFactory(session=session, last_name="Martin", external_id="ETU-5151")
    text = pdf_text(attendance_sheet(session)[2])
    assert "Identifiant" in text and "Classe" not in text  # « Identifiant local », over two lines
    dupont = next(line for line in text.splitlines() if "Dupont" in line)
    martin = next(line for line in text.splitlines() if "Martin" in line and "ETU" in line)
    assert "ETU-4242" in dupont and "33 %" in dupont
    assert "ETU-5151" in martin and "%" not in martin


@needs_pdftotext
def test_it_shows_the_class_in_a_school(db: None) -> None:
    school = ScoCentreFactory(name="Lycée Jean Moulin")
    session = SessionFactory(centre=school)
    student = StudentFactory(centre=school, division="1ERE G2")
    CandidateFactory(session=session, student=student, last_name="Dupont", external_id="IGNORÉ")
    text = pdf_text(attendance_sheet(session)[2])
    assert "Classe" in text and "Identifiant" not in text
    assert "1ERE G2" in next(line for line in text.splitlines() if "Dupont" in line)
    assert "IGNORÉ" not in text


@needs_pdftotext
def test_it_keeps_twenty_long_named_candidates_on_the_first_page_with_six_supervisors(
    centre: CertificationCentre,
) -> None:
    session = SessionFactory(centre=centre, supervisors="Mme Alpha, M. Bravo, Mme Charlie, M. Delta, Mme Echo, M. Fox")
    for i in range(21):
        CandidateFactory(
            session=session,
            last_name=f"Fournier-Desmoulins de La Rochefoucauld {i:02d}",
            first_name="Marie-Charlotte Éléonore",
            external_id=f"ETU-2031-{i:06d}",
        )
    content = attendance_sheet(session)[2]
    assert page_count(content) == 2
    first = flat(pdf_text(content, page=1))
    assert "M. Fox" in first and "Rochefoucauld 19" in first and "Rochefoucauld 20" not in first


@needs_pdftotext
def test_it_prints_an_empty_sheet_for_a_session_without_candidates(session: Session) -> None:
    content = attendance_sheet(session)[2]
    assert page_count(content) == 1
    assert "Aucun candidat inscrit" in pdf_text(content)

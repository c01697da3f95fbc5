"""The « Liste des candidats » template pre-filled with a session and its candidates."""

from __future__ import annotations

import datetime as dt
import io

import ezodf
import pytest
from django.test import Client

from candidates.exports.ods_template import TEMPLATE, TEMPLATE_WITHOUT_BILLING, CandidateListExporter
from candidates.imports.ods import BILLING_COLUMNS, COMMON_COLUMNS
from candidates.models import BillingMode, Candidate
from centres.models import CertificationCentre
from pixcertif.lib.spreadsheet import neutralise_formula, restore_neutralised
from sessions_app.models import Session
from tests.candidates.factories import BirthCountryFactory, BirthplaceCommuneFactory, CandidateFactory
from tests.candidates.ods_files import HEADERS, upload
from tests.sessions_app.factories import SessionFactory

ODS = "application/vnd.oasis.opendocument.spreadsheet"
FIELDS = (
    "last_name", "first_name", "sex", "birthdate", "external_id", "extra_time_percentage", "birth_country",
    "birth_insee_code", "birth_postal_code", "birth_city", "result_recipient_email", "convocation_email",
    "billing_mode", "prepayment_code",
)


@pytest.fixture
def session(centre: CertificationCentre) -> Session:
    return SessionFactory(
        centre=centre, address="Campus Nord", room="Salle 12", date=dt.date(2031, 2, 3), time=dt.time(9, 30)
    )


def _sheet(content: bytes) -> list[list[object]]:
    sheet = ezodf.opendoc(io.BytesIO(content)).sheets[0]
    return [[cell.value for cell in sheet.row(r)] for r in range(sheet.nrows())]


def _candidates(session: Session) -> list[tuple[object, ...]]:
    return list(session.candidates.order_by("last_name", "first_name").values_list(*FIELDS))


def test_it_ships_a_template_with_the_headers_the_import_expects() -> None:
    assert [c.header for c in COMMON_COLUMNS + BILLING_COLUMNS] == HEADERS
    rows = _sheet(TEMPLATE.read_bytes())
    assert rows[7] == HEADERS
    assert rows[0][0] == "Liste des candidats"


def test_it_ships_the_schools_template_without_the_billing_columns() -> None:
    rows = _sheet(TEMPLATE_WITHOUT_BILLING.read_bytes())
    assert rows[7] == HEADERS[:12]


def test_it_fills_the_title_block_and_one_row_per_candidate(session: Session) -> None:
    CandidateFactory(session=session, last_name="Martin", first_name="Hugo", sex="M", extra_time_percentage=33,
                     birth_insee_code="01053", birth_city="Bourg-en-Bresse", birth_country="FRANCE",
                     billing_mode=BillingMode.PREPAID, prepayment_code="PREPA-1")
    CandidateFactory(session=session, last_name="Dupont", first_name="Léa", birthdate=dt.date(2008, 3, 4))
    filename, content_type, content = CandidateListExporter(session).render()
    assert (filename, content_type) == (f"liste-candidats-session-{session.pk}.ods", ODS)
    rows = _sheet(content)
    assert [row[:2] for row in rows[1:6]] == [
        ["Numéro de session", str(session.pk)],
        ["Nom du site", "Campus Nord"],
        ["Nom de la salle", "Salle 12"],
        ["Date", "03/02/2031"],
        ["Heure de début (heure locale)", "09:30"],
    ]
    assert rows[8][:5] == ["Dupont", "Léa", None, None, "04/03/2008"]
    martin = dict(zip(HEADERS, rows[9], strict=True))
    assert martin["Temps majoré ?"] == pytest.approx(0.33)
    assert (martin["Code Insee"], martin["Pays"], martin["Tarification part Pix"]) == ("01053", "FRANCE", "Prépayée")
    assert martin["Code de prépaiement"] == "PREPA-1"
    assert len(rows) == 10


@pytest.mark.parametrize("dangerous", ["=HYPERLINK(\"http://x\")", "+33 1 23", "-2+3", "@SUM(A1)", "\tx", "\r=1"])
def test_it_neutralises_cells_a_spreadsheet_would_run_as_a_formula(session: Session, dangerous: str) -> None:
    CandidateFactory(session=session, last_name="Dupont", external_id=dangerous)
    Session.objects.filter(pk=session.pk).update(room="=cmd|' /C calc'!A0")
    session.refresh_from_db()
    rows = _sheet(CandidateListExporter(session).render()[2])
    assert rows[8][2] == "'" + dangerous
    assert rows[3][1] == "'=cmd|' /C calc'!A0"


def test_it_neutralises_only_what_needs_it() -> None:
    assert neutralise_formula("Dupont") == "Dupont"
    assert neutralise_formula("a=b") == "a=b"
    assert restore_neutralised(neutralise_formula("=1+1")) == "=1+1"
    assert restore_neutralised("'Dupont") == "'Dupont"


def test_it_gives_back_the_same_list_when_the_template_is_uploaded_unchanged(
    session: Session, admin_client: Client
) -> None:
    BirthplaceCommuneFactory()
    BirthplaceCommuneFactory(insee_code="01053", postal_code="01000", name="Bourg-en-Bresse")
    BirthCountryFactory()
    BirthCountryFactory(insee_code="99109", name="ALLEMAGNE")
    CandidateFactory(session=session, last_name="Dupont", first_name="Léa", birth_country="FRANCE",
                     birth_insee_code="75056", birth_city="Paris", billing_mode=BillingMode.FREE,
                     convocation_email="lea@exemple.fr", result_recipient_email="prof@exemple.fr")
    CandidateFactory(session=session, last_name="Martin", first_name="Hugo", sex="M", extra_time_percentage=33,
                     external_id="=E-2", birth_country="FRANCE", birth_insee_code="01053", birth_postal_code="01000",
                     birth_city="Bourg-en-Bresse", billing_mode=BillingMode.PREPAID, prepayment_code="PREPA-1")
    CandidateFactory(session=session, last_name="Schmidt", first_name="Anna", birth_country="ALLEMAGNE",
                     birth_insee_code="99109", birth_city="Berlin", billing_mode=BillingMode.PAID)
    before = _candidates(session)

    response = admin_client.get(f"/sessions/{session.pk}/candidats/modele-ods/")
    assert response.status_code == 200
    assert response["Content-Type"] == ODS
    assert f'filename="liste-candidats-session-{session.pk}.ods"' in response["Content-Disposition"]
    content = b"".join(response.streaming_content) if response.streaming else response.content
    response = admin_client.post(
        f"/sessions/{session.pk}/candidats/importer-ods/", {"fichier": upload(content)}
    )
    assert response.status_code == 302, response.context and response.context["errors"]
    assert _candidates(session) == before
    assert Candidate.objects.count() == 3

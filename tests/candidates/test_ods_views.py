"""The pages of the ODS candidate list: links, upload form, errors listed, success message."""

from __future__ import annotations

import io

import ezodf
import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import User
from centres.models import CertificationCentre
from sessions_app.models import Session
from tests.accounts.factories import UserFactory
from tests.candidates.factories import BirthplaceCommuneFactory, CandidateFactory
from tests.candidates.ods_files import FIRST_LINE, candidate_row, ods_upload, upload
from tests.centres.factories import MembershipFactory, ScoCentreFactory, StudentFactory
from tests.sessions_app.factories import SessionFactory


@pytest.fixture
def session(centre: CertificationCentre) -> Session:
    BirthplaceCommuneFactory()
    return SessionFactory(centre=centre)


def _url(session: Session) -> str:
    return f"/sessions/{session.pk}/candidats/importer-ods/"


def test_it_links_the_template_and_the_import_from_the_session(session: Session, member_client: Client) -> None:
    html = member_client.get(f"/sessions/{session.pk}/").content.decode()
    assert f'href="/sessions/{session.pk}/candidats/modele-ods/"' in html
    assert f'href="{_url(session)}"' in html
    assert "Télécharger le modèle" in html
    assert "Importer la liste (ODS)" in html


def test_it_shows_no_ods_link_to_a_school_with_a_roster(client: Client, db: None) -> None:
    school = ScoCentreFactory()
    StudentFactory(centre=school)
    client.force_login(MembershipFactory(centre=school, user=UserFactory(email="prof@lycee.fr")).user)
    session = SessionFactory(centre=school)
    html = client.get(f"/sessions/{session.pk}/").content.decode()
    assert "modele-ods" not in html
    assert "importer-ods" not in html
    response = client.get(f"/sessions/{session.pk}/candidats/modele-ods/", follow=True)
    assert "Un établissement scolaire qui gère ses élèves n&#x27;importe pas de liste" in response.content.decode()


def test_a_school_without_a_roster_gets_the_twelve_column_template(client: Client, db: None) -> None:
    school = ScoCentreFactory()
    client.force_login(MembershipFactory(centre=school, user=UserFactory(email="prof@lfrabat.ma")).user)
    session = SessionFactory(centre=school)
    html = client.get(f"/sessions/{session.pk}/").content.decode()
    assert "modele-ods" in html and "importer-ods" in html
    response = client.get(f"/sessions/{session.pk}/candidats/modele-ods/")
    assert response.status_code == 200
    headers = _header_row(response.content)
    assert headers[-1] == "* Sexe (M ou F)" and len(headers) == 12


def _header_row(content: bytes) -> list[str]:
    sheet = ezodf.opendoc(io.BytesIO(content)).sheets[0]
    row = [cell.value for cell in sheet.row(7)]  # row 8, under the title block
    return [value for value in row if value]


def test_it_shows_the_upload_form_and_warns_that_the_list_is_replaced(session: Session, member_client: Client) -> None:
    CandidateFactory(session=session)
    CandidateFactory(session=session)
    html = member_client.get(_url(session)).content.decode()
    assert 'type="file"' in html and 'name="fichier"' in html
    assert "les 2 candidats actuellement inscrits seront remplacés" in html


def test_it_imports_and_says_how_many(session: Session, member_client: Client) -> None:
    rows = [candidate_row(), candidate_row(**{"* Prénom": "Hugo"})]
    response = member_client.post(_url(session), {"fichier": ods_upload(rows)}, follow=True)
    assert response.redirect_chain[-1][0] == f"/sessions/{session.pk}/"
    html = response.content.decode()
    assert "La liste des candidats a été importée : 2 candidats." in html
    assert "Liste des candidats importée : 2 candidats" in html  # the history
    assert session.candidates.count() == 2


def test_it_lists_every_error_and_keeps_the_list(session: Session, member_client: Client) -> None:
    kept = CandidateFactory(session=session)
    rows = [candidate_row(**{"* Nom de naissance": ""}), candidate_row(**{"* Sexe (M ou F)": "X"})]
    response = member_client.post(_url(session), {"fichier": ods_upload(rows)})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Aucun candidat n'a été importé : le fichier contient 2 erreurs." in html
    assert f"Ligne {FIRST_LINE}, « * Nom de naissance » : Veuillez indiquer un nom de naissance." in html
    assert f"Ligne {FIRST_LINE + 1}, « * Sexe (M ou F) » : Le sexe doit être M ou F." in html
    assert list(session.candidates.all()) == [kept]


def test_it_refuses_a_file_of_the_wrong_type(session: Session, member_client: Client) -> None:
    response = member_client.post(_url(session), {"fichier": upload(b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "photo.ods")})
    assert "n&#x27;est pas un tableur au format ODS" in response.content.decode()


def test_it_asks_for_a_file(session: Session, member_client: Client) -> None:
    assert "Veuillez choisir un fichier." in member_client.post(_url(session), {}).content.decode()


def test_it_says_why_the_import_is_closed_once_a_candidate_joined(
    session: Session, member_client: Client, admin: User
) -> None:
    CandidateFactory(session=session, user=admin, joined_at=timezone.now())
    html = member_client.get(_url(session)).content.decode()
    assert "Impossible d&#x27;importer la liste : un candidat a déjà rejoint la session." in html
    assert 'name="fichier"' not in html
    response = member_client.post(_url(session), {"fichier": ods_upload([candidate_row()])})
    assert "Impossible d&#x27;importer la liste : un candidat a déjà rejoint la session." in response.content.decode()
    assert session.candidates.count() == 1

"""The centre's results page and CSV, and the recipient's page behind the signed link: never before publication."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import User
from centres.models import CertificationCentre
from results.links import recipient_token
from results.services import session_publish, session_unpublish
from sessions_app.models import Session
from tests.results.publication_factories import finalised_session, scored_course


@pytest.fixture
def session(centre: CertificationCentre) -> Session:
    session = finalised_session(centre)
    scored_course(session, pix=120, first_name="Léa", last_name="Martin", result_recipient_email="parents@famille.fr")
    scored_course(session, first_name="Nina", last_name="Petit", result_recipient_email="ecole@ac-nantes.fr")
    return session


@pytest.fixture
def published(session: Session, staff: User) -> Session:
    return session_publish(session=session, by=staff)


def test_it_shows_the_results_to_a_member_once_published(published: Session, member_client: Client) -> None:
    response = member_client.get(f"/sessions/{published.pk}/resultats/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Léa" in html and "Nina" in html and "Validée" in html and "120" in html
    assert "Télécharger les résultats (CSV)" in html
    assert f"/sessions/{published.pk}/resultats.csv" in html


def test_it_gives_a_member_the_csv_once_published(published: Session, member_client: Client) -> None:
    response = member_client.get(f"/sessions/{published.pk}/resultats.csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].endswith(f'_resultats_session_{published.pk}.csv"')
    assert response.content.startswith("\ufeffNuméro de certification;Prénom;Nom;".encode())


def test_it_shows_nothing_before_publication(session: Session, member_client: Client) -> None:
    page = member_client.get(f"/sessions/{session.pk}/resultats/")
    assert page.status_code == 404
    assert "Les résultats ne sont pas encore publiés." in page.content.decode()
    assert "Léa" not in page.content.decode()
    assert member_client.get(f"/sessions/{session.pk}/resultats.csv").status_code == 404


def test_it_hides_the_results_again_once_unpublished(published: Session, staff: User, member_client: Client) -> None:
    session_unpublish(session=published, by=staff)
    assert member_client.get(f"/sessions/{published.pk}/resultats/").status_code == 404
    assert member_client.get(f"/sessions/{published.pk}/resultats.csv").status_code == 404


def test_it_answers_not_found_to_a_stranger(published: Session, stranger_client: Client) -> None:
    assert stranger_client.get(f"/sessions/{published.pk}/resultats/").status_code == 404
    assert stranger_client.get(f"/sessions/{published.pk}/resultats.csv").status_code == 404


def test_the_session_page_links_to_the_results_only_once_published(
    session: Session, staff: User, member_client: Client
) -> None:
    url = f"/sessions/{session.pk}/resultats/"
    assert url not in member_client.get(f"/sessions/{session.pk}/").content.decode()
    session_publish(session=session, by=staff)
    assert url in member_client.get(f"/sessions/{session.pk}/").content.decode()


def test_the_public_link_shows_the_recipients_results_without_login(published: Session, client: Client) -> None:
    token = recipient_token(session=published, email="parents@famille.fr", now=timezone.now())

    page = client.get(f"/resultats/{token}/")
    csv = client.get(f"/resultats/{token}/resultats.csv")

    assert page.status_code == 200
    assert "Léa" in page.content.decode() and "Nina" not in page.content.decode()
    assert page["X-Robots-Tag"] == "noindex"
    assert csv.status_code == 200
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 2 and ";Léa;Martin;" in lines[1]


def _assert_neutral_refusal(client: Client, token: str) -> None:
    for url in (f"/resultats/{token}/", f"/resultats/{token}/resultats.csv"):
        response = client.get(url)
        assert response.status_code == 404
        assert "Ce lien n'est pas valide ou n'est plus valable" in response.content.decode()
        assert "Léa" not in response.content.decode()


def test_a_forged_link_gets_the_neutral_page(published: Session, client: Client) -> None:
    token = recipient_token(session=published, email="parents@famille.fr", now=timezone.now())
    forged = recipient_token(session=published, email="ecole@ac-nantes.fr", now=timezone.now()).split(":")[0]
    _assert_neutral_refusal(client, forged + ":" + token.split(":", 1)[1])
    _assert_neutral_refusal(client, "n-importe-quoi")


def test_an_expired_link_gets_the_neutral_page(published: Session, client: Client) -> None:
    token = recipient_token(session=published, email="parents@famille.fr", now=timezone.now() - dt.timedelta(days=31))
    _assert_neutral_refusal(client, token)


def test_a_link_of_a_withdrawn_publication_gets_the_neutral_page(
    published: Session, staff: User, client: Client
) -> None:
    token = recipient_token(session=published, email="parents@famille.fr", now=timezone.now())
    session_unpublish(session=published, by=staff)
    _assert_neutral_refusal(client, token)

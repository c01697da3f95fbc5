"""The profile-collection pages: upload, result, and who may see them."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accounts.models import User
from centres.models import CentreEvent, CertificationCentre, Role
from referential.models import PlacementProfile
from tests.accounts.factories import UserFactory
from tests.centres.factories import MembershipFactory, ScoCentreFactory, StudentFactory
from tests.referential.factories import profile_csv, profile_csv_row

URL = "/centre/profils/importer/"


@pytest.fixture
def school(db: None) -> CertificationCentre:
    return ScoCentreFactory(name="Lycée Victor Hugo")


@pytest.fixture
def teacher(school: CertificationCentre) -> User:
    return MembershipFactory(centre=school, role=Role.MEMBER, user=UserFactory(email="prof@lycee.fr")).user


@pytest.fixture
def school_client(client: Client, teacher: User) -> Client:
    client.force_login(teacher)
    return client


def _file(data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("collecte.csv", data, content_type="text/csv")


def test_it_has_its_url() -> None:
    assert reverse("referential:profile_collection_import") == URL


def test_it_shows_the_upload_form_and_the_roster_links_to_it(school_client: Client) -> None:
    response = school_client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Importer une collecte de profils" in html
    assert 'type="file"' in html
    assert URL in school_client.get(reverse("centres:roster")).content.decode()


def test_it_imports_then_shows_the_counts_and_the_unmatched_rows(
    school: CertificationCentre, school_client: Client
) -> None:
    StudentFactory(centre=school, ine="123456789AB")
    data = profile_csv([profile_csv_row("A", "B", INE="123456789AB"), profile_csv_row("Inconnu", "Paul", INE="")])
    response = school_client.post(URL, {"fichier": _file(data)})
    event = CentreEvent.objects.get(kind="profiles.imported")
    assert response.status_code == 302
    assert response["Location"] == reverse("referential:profile_collection_result", kwargs={"pk": event.pk})
    html = school_client.get(response["Location"]).content.decode()
    assert "1 profil importé." in html
    assert "1 participant n'a pas été rapproché d'un élève." in html
    assert "Inconnu" in html and "Paul" in html
    assert "Aucun élève de cette classe ne porte ces nom et prénom." in html
    assert PlacementProfile.objects.count() == 1


def test_it_shows_every_error_of_a_refused_file(school_client: Client) -> None:
    data = profile_csv([profile_csv_row("", "B"), profile_csv_row("C", "D", **{"Envoi (O/N)": "X"})])
    response = school_client.post(URL, {"fichier": _file(data)})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Aucun profil n'a été importé : le fichier contient 2 erreurs." in html
    assert "Ligne 2, « Nom du Participant » : ce champ est obligatoire." in html
    assert "Ligne 3, « Envoi (O/N) » : la valeur « X » doit être Oui ou Non (ou O ou N)." in html
    assert not PlacementProfile.objects.exists()


def test_it_asks_for_a_file(school_client: Client) -> None:
    response = school_client.post(URL, {})
    assert response.status_code == 200
    assert "Veuillez choisir un fichier." in response.content.decode()


def test_it_answers_not_found_to_a_centre_that_is_not_a_school(admin_client: Client) -> None:
    assert admin_client.get(URL).status_code == 404
    assert admin_client.post(URL, {"fichier": _file(profile_csv([profile_csv_row("A", "B")]))}).status_code == 404


def test_it_shows_a_result_to_the_members_of_its_centre_only(
    school: CertificationCentre, school_client: Client, client: Client
) -> None:
    school_client.post(URL, {"fichier": _file(profile_csv([profile_csv_row("A", "B")]))})
    event = CentreEvent.objects.get(kind="profiles.imported")
    url = reverse("referential:profile_collection_result", kwargs={"pk": event.pk})
    assert school_client.get(url).status_code == 200
    other_school = ScoCentreFactory()
    outsider = MembershipFactory(centre=other_school, role=Role.ADMIN).user
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert client.post(URL, {"fichier": _file(profile_csv([profile_csv_row("A", "B")]))}).status_code == 302
    assert CentreEvent.objects.filter(kind="profiles.imported", centre=school).count() == 1


def test_it_answers_not_found_for_another_kind_of_event(school: CertificationCentre, school_client: Client) -> None:
    event = CentreEvent.objects.create(centre=school, kind="roster.imported", at="2021-01-01T00:00Z", data={})
    assert (
        school_client.get(reverse("referential:profile_collection_result", kwargs={"pk": event.pk})).status_code == 404
    )


def test_it_sends_a_logged_out_visitor_to_the_login_page(client: Client, db: None) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/connexion/?next=")

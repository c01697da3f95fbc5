"""« Mes certificats »: the logged-in candidate's published certifications and their PDF, nobody else's."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from certification.models import ResultStatus
from tests.accounts.factories import UserFactory
from tests.results.certificate_factories import certified_course

pytestmark = pytest.mark.django_db

LIST_URL = "/mes-certificats/"


def _pdf_url(pk: int) -> str:
    return reverse("results:my_certificate_pdf", args=[pk])


def test_it_lists_the_users_published_certifications_with_a_link_for_the_validated_one(client: Client) -> None:
    user = UserFactory()
    validated = certified_course(user=user, centre_name="Centre validé")
    rejected = certified_course(user=user, status=ResultStatus.REJECTED, centre_name="Centre rejeté")
    unpublished = certified_course(user=user, published=False, centre_name="Centre pas encore publié")
    others = certified_course(centre_name="Centre d'un autre")
    client.force_login(user)
    response = client.get(LIST_URL)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "Centre validé" in html and "Validée" in html and "312" in html
    assert "Centre rejeté" in html and "Rejetée" in html
    assert "Centre pas encore publié" not in html
    assert "Centre d&#x27;un autre" not in html and "Centre d'un autre" not in html
    assert _pdf_url(validated.pk) in html
    assert validated.verification_code in html
    for course in (rejected, unpublished, others):
        assert _pdf_url(course.pk) not in html
        assert course.verification_code not in html


def test_it_says_so_when_nothing_is_published(client: Client) -> None:
    client.force_login(UserFactory())
    assert "Aucune certification publiée" in client.get(LIST_URL).content.decode()


def test_it_sends_a_logged_out_visitor_to_the_login_page(client: Client) -> None:
    course = certified_course()
    for url in (LIST_URL, _pdf_url(course.pk)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/connexion/?next=")


def test_it_gives_the_owner_the_pdf_as_an_attachment(client: Client) -> None:
    user = UserFactory()
    course = certified_course(user=user)
    client.force_login(user)
    response = client.get(_pdf_url(course.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="certificat-pix-{course.verification_code}.pdf"'
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"%PDF")


def test_it_answers_not_found_for_another_users_certificate(client: Client) -> None:
    course = certified_course()
    client.force_login(UserFactory())
    assert client.get(_pdf_url(course.pk)).status_code == 404
    assert client.post(_pdf_url(course.pk)).status_code == 404
    assert client.get(_pdf_url(course.pk + 10_000)).status_code == 404


@pytest.mark.parametrize(
    "kwargs",
    [{"status": ResultStatus.REJECTED}, {"status": ResultStatus.CANCELLED}, {"published": False}],
    ids=["rejected", "cancelled", "unpublished"],
)
def test_it_answers_not_found_to_the_owner_without_a_certificate(client: Client, kwargs: dict[str, object]) -> None:
    user = UserFactory()
    course = certified_course(user=user, **kwargs)  # type: ignore[arg-type]
    client.force_login(user)
    assert client.get(_pdf_url(course.pk)).status_code == 404


def test_it_refuses_a_post_from_the_owner(client: Client) -> None:
    user = UserFactory()
    course = certified_course(user=user)
    client.force_login(user)
    assert client.post(_pdf_url(course.pk)).status_code == 405

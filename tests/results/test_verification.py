"""The public /verification/ page: a valid code shows the certificate (no jury comment), every other
code one neutral answer, and a client IP that tries too many is locked out."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from accounts.models import Throttle
from accounts.throttle import stored_key
from certification.models import ResultStatus
from results.verification import VERIFICATION_LIMIT
from tests.results.certificate_factories import certified_course

pytestmark = pytest.mark.django_db

URL = "/verification/"
NEUTRAL = "Aucun certificat ne correspond à ce code, ou il n&#x27;est pas publié."
LOCKED = "Trop de codes essayés"


def _page(response: object) -> str:
    """The page without its CSRF token, which is masked anew at every response."""
    html = response.content.decode()  # type: ignore[attr-defined]
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken" value=""', html)


def test_it_shows_the_form(client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'method="post"' in html and 'name="code"' in html
    assert "csrfmiddlewaretoken" in html


def test_the_code_field_has_the_dsfr_markup(client: Client) -> None:
    # Without the fr-input class the DSFR draws no border nor background: the field is invisible.
    html = client.get(URL).content.decode()
    field = re.search(r"<input[^>]*name=\"code\"[^>]*>", html)
    assert field is not None and 'class="fr-input' in field.group(0)
    assert re.search(r'<label for="id_code" class="fr-label">\s*Code de vérification', html)
    assert "Il figure sur le certificat, sous la forme P-XXXXXXXX." in html


@pytest.mark.parametrize(
    "spelling",
    [lambda c: c, lambda c: c.lower(), lambda c: c[2:], lambda c: " ".join(c), lambda c: c[2:].lower()],
    ids=["as-printed", "lower-case", "without-prefix", "with-spaces", "lower-without-prefix"],
)
def test_it_shows_the_certificate_of_a_valid_code_in_any_spelling(client: Client, spelling: object) -> None:
    course = certified_course(comment_for_candidate="Remarque du jury pour le candidat")
    response = client.post(URL, {"code": spelling(course.verification_code)})  # type: ignore[operator]
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "correspond à un certificat Pix valide" in html
    assert "Camille Dubois-Lefèvre" in html
    assert "17/05/2006" in html
    assert "Lycée Victor Hugo" in html
    assert "20/03/2024" in html
    assert "<dd>312</dd>" in html
    assert "Mener une recherche et une veille d&#x27;information" in html
    assert "Niveau 6" in html and "non certifiée" in html
    assert NEUTRAL not in html


def test_it_shows_no_jury_comment_nor_other_personal_data(client: Client) -> None:
    course = certified_course(comment_for_candidate="Remarque du jury pour le candidat")
    html = client.post(URL, {"code": course.verification_code}).content.decode()
    assert "Remarque du jury" not in html
    assert "Commentaire pour l" not in html
    assert "NANTES" not in html  # the birthplace is on the PDF only
    assert course.candidate.user.email not in html


def test_it_gives_one_identical_answer_for_every_code_without_a_certificate(client: Client) -> None:
    codes = [
        "P-BCDFGHJK",  # well formed, unknown
        "P-123",  # malformed
        "",  # empty
        "x" * 500,  # too long for the form
        certified_course(status=ResultStatus.CANCELLED).verification_code,
        certified_course(status=ResultStatus.REJECTED).verification_code,
        certified_course(status=ResultStatus.ERROR).verification_code,
        certified_course(published=False).verification_code,
    ]
    responses = [client.post(URL, {"code": code}) for code in codes]
    assert {r.status_code for r in responses} == {200}
    pages = {_page(r) for r in responses}
    assert len(pages) == 1
    page = pages.pop()
    assert NEUTRAL in page
    assert "Camille" not in page
    for code in codes:
        assert code not in page or code == ""


def test_it_never_takes_the_code_from_the_query_string(client: Client) -> None:
    course = certified_course()
    html = client.get(URL, {"code": course.verification_code}).content.decode()
    assert "Camille" not in html and course.verification_code not in html


def test_it_locks_a_client_ip_after_too_many_failures_even_for_a_valid_code(client: Client) -> None:
    course = certified_course()
    for _attempt in range(VERIFICATION_LIMIT - 1):
        assert NEUTRAL in client.post(URL, {"code": "P-BCDFGHJK"}).content.decode()
    locked = client.post(URL, {"code": "P-BCDFGHJK"})
    assert locked.status_code == 429
    assert LOCKED in locked.content.decode()
    refused = client.post(URL, {"code": course.verification_code})
    assert refused.status_code == 429
    assert "Camille" not in refused.content.decode()
    # Another client IP is not locked.
    other = client.post(URL, {"code": course.verification_code}, REMOTE_ADDR="203.0.113.7")
    assert "Camille" in other.content.decode()
    row = Throttle.objects.get(scope="verification", key=stored_key("verification", "127.0.0.1"))
    assert row.locked_until is not None


def test_it_lets_the_client_in_again_after_the_lock(client: Client) -> None:
    course = certified_course()
    for _attempt in range(VERIFICATION_LIMIT):
        client.post(URL, {"code": "P-BCDFGHJK"})
    Throttle.objects.filter(scope="verification").update(locked_until=dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    assert "Camille" in client.post(URL, {"code": course.verification_code}).content.decode()


def test_it_does_not_count_a_valid_code_against_the_client(client: Client) -> None:
    course = certified_course()
    for _attempt in range(VERIFICATION_LIMIT * 2):
        assert "Camille" in client.post(URL, {"code": course.verification_code}).content.decode()


def test_it_checks_the_csrf_token() -> None:
    course = certified_course()
    csrf_client = Client(enforce_csrf_checks=True)
    assert csrf_client.post(URL, {"code": course.verification_code}).status_code == 403
    page = csrf_client.get(URL)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert token is not None
    response = csrf_client.post(URL, {"code": course.verification_code, "csrfmiddlewaretoken": token.group(1)})
    assert response.status_code == 200
    assert "Camille" in response.content.decode()


def test_it_refuses_other_methods(client: Client) -> None:
    assert client.put(URL).status_code == 405

from __future__ import annotations

import html
import re
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

from django.core import mail
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from tests.accounts.factories import PASSWORD

LOGIN = "/connexion/"
WRONG = "L'adresse e-mail et/ou le mot de passe saisis sont incorrects."
Capture = Callable[..., AbstractContextManager[Any]]


def _text(response: HttpResponse) -> str:
    return html.unescape(response.content.decode())


def test_it_shows_the_login_page(client: Client, db: None) -> None:
    response = client.get(LOGIN)
    assert response.status_code == 200
    text = _text(response)
    assert "Adresse e-mail" in text
    assert "Mot de passe" in text


def test_it_logs_a_member_in_with_a_case_insensitive_email(client: Client, member: User) -> None:
    response = client.post(LOGIN, {"username": " Membre@Centre.FR ", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[0] == ("/", 302)
    assert response.redirect_chain[-1] == ("/sessions/", 302)
    assert response.wsgi_request.user == member


def test_it_follows_next_after_login(client: Client, member: User) -> None:
    response = client.post(f"{LOGIN}?next=/centre/calendrier/", {"username": "membre@centre.fr", "password": PASSWORD})
    assert response["Location"] == "/centre/calendrier/"


def test_it_refuses_a_wrong_password_in_french(client: Client, member: User) -> None:
    response = client.post(LOGIN, {"username": "membre@centre.fr", "password": "mauvais"})
    assert response.status_code == 200
    assert WRONG in _text(response)
    assert not response.wsgi_request.user.is_authenticated


def test_it_says_the_same_for_an_unknown_address(client: Client, db: None) -> None:
    response = client.post(LOGIN, {"username": "personne@nulle-part.fr", "password": "mauvais"})
    assert WRONG in _text(response)


def test_it_locks_the_account_after_five_failures(client: Client, member: User) -> None:
    for _ in range(4):
        assert client.post(LOGIN, {"username": "membre@centre.fr", "password": "mauvais"}).status_code == 200
    locked = client.post(LOGIN, {"username": "membre@centre.fr", "password": "mauvais"})
    assert locked.status_code in (403, 429)
    assert "Connexion temporairement bloquée" in _text(locked)
    # Even the right password is refused now.
    again = client.post(LOGIN, {"username": "membre@centre.fr", "password": PASSWORD})
    assert again.status_code in (403, 429)
    assert "Trop de tentatives de connexion ont échoué pour ce compte." in _text(again)
    assert not again.wsgi_request.user.is_authenticated


def test_it_does_not_lock_another_account(client: Client, member: User, admin: User) -> None:
    for _ in range(5):
        client.post(LOGIN, {"username": "membre@centre.fr", "password": "mauvais"})
    response = client.post(LOGIN, {"username": "admin@centre.fr", "password": PASSWORD})
    assert response.status_code == 302


def test_it_forgets_failures_after_a_success(client: Client, member: User) -> None:
    for _ in range(4):
        client.post(LOGIN, {"username": "membre@centre.fr", "password": "mauvais"})
    assert client.post(LOGIN, {"username": "membre@centre.fr", "password": PASSWORD}).status_code == 302
    client.logout()
    for _ in range(4):
        client.post(LOGIN, {"username": "membre@centre.fr", "password": "mauvais"})
    assert client.post(LOGIN, {"username": "membre@centre.fr", "password": PASSWORD}).status_code == 302


def test_it_logs_out_on_post(member_client: Client) -> None:
    response = member_client.post("/deconnexion/")
    assert response["Location"] == LOGIN
    assert member_client.get("/sessions/").status_code == 302


def test_it_sends_a_password_reset_link_that_works(
    client: Client, member: User, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/mot-de-passe/oubli/", {"email": "membre@centre.fr"})
    assert response["Location"] == "/mot-de-passe/oubli/envoye/"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["membre@centre.fr"]
    match = re.search(r"(/mot-de-passe/nouveau/[^/\s]+/[^/\s]+/)", mail.outbox[0].body)
    assert match, mail.outbox[0].body

    form_page = client.get(match.group(1), follow=True)
    assert form_page.status_code == 200
    new_password = "Un-nouveau-mot-de-passe-77"
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password})
    assert done["Location"] == "/mot-de-passe/nouveau/termine/"
    member.refresh_from_db()
    assert member.check_password(new_password)


def test_it_sends_nothing_to_an_unknown_address_but_says_the_same(
    client: Client, db: None, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/mot-de-passe/oubli/", {"email": "personne@nulle-part.fr"})
    assert response["Location"] == "/mot-de-passe/oubli/envoye/"
    assert mail.outbox == []


def _shape(sql: str) -> str:
    """A query without its values and savepoint names: what it does, not what it was given."""
    return re.sub(r"\b\d+\b", "N", re.sub(r'"s\d+_x\d+"', "S", re.sub(r"'[^']*'", "?", sql)))


def test_the_reset_email_leaves_from_a_task_the_request_does_the_same_for_any_address(
    member: User, django_capture_on_commit_callbacks: Capture
) -> None:
    # The request only counts the demand and queues the task: one queued job and the same queries whether the
    # address has an account or not; no user lookup and no e-mail inside the request (no timing oracle).
    answers, jobs, tables = [], [], []
    for email, address in (("membre@centre.fr", "198.51.100.1"), ("personne@nulle-part.fr", "198.51.100.2")):
        visitor = Client(REMOTE_ADDR=address)  # each its own client key: two first demands
        with (
            django_capture_on_commit_callbacks(execute=False) as callbacks,
            CaptureQueriesContext(connection) as queries,
        ):
            answers.append(visitor.post("/mot-de-passe/oubli/", {"email": email}))
        assert len(callbacks) == 1
        jobs.append(callbacks[0])
        tables.append([_shape(query["sql"]) for query in queries.captured_queries])
        assert not any('"accounts_user"' in query["sql"] for query in queries.captured_queries), email
    assert tables[0] == tables[1]
    assert mail.outbox == []
    assert answers[0]["Location"] == answers[1]["Location"] == "/mot-de-passe/oubli/envoye/"
    jobs[0]()  # the known address: one e-mail, from the task
    assert [m.to for m in mail.outbox] == [["membre@centre.fr"]]
    jobs[1]()  # the unknown one: nothing
    assert len(mail.outbox) == 1


def test_it_counts_failures_whatever_the_case_of_the_address(client: Client, member: User) -> None:
    for variant in (
        "membre@centre.fr",
        "MEMBRE@centre.fr",
        " Membre@Centre.fr",
        "membre@CENTRE.FR",
        "mEmbre@centre.fr",
    ):
        client.post(LOGIN, {"username": variant, "password": "mauvais"})
    locked = client.post(LOGIN, {"username": "membre@centre.fr", "password": PASSWORD})
    assert locked.status_code in (403, 429)
    assert not locked.wsgi_request.user.is_authenticated

"""/certification/: the candidate's account, joining a session, the lockout (DOMAIN.md §4)."""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from accounts.models import User
from candidates.models import Candidate
from certification.models import CertificationCourse
from tests.accounts.factories import UserFactory
from tests.candidates.factories import CandidateFactory
from tests.certification.factories import bank, user_profile
from tests.sessions_app.factories import SessionFactory

pytestmark = pytest.mark.django_db

URL = "/certification/"
WRONG = "Le numéro de session et/ou le code d&#x27;accès saisis sont incorrects."
LOCKED = "Trop de tentatives : l&#x27;accès à cette session est bloqué pendant quelques minutes. Réessayez plus tard."
NO_MATCH = "Les informations saisies ne correspondent à aucun candidat inscrit à la session."


@pytest.fixture
def candidate(db: None) -> Candidate:
    """Enrolled, presence confirmed by the supervisor, not joined yet."""
    bank()
    return CandidateFactory(
        session=SessionFactory(access_code="KBPM47"),
        first_name="Léa",
        last_name="Dupont",
        birthdate=dt.date(2008, 3, 14),
        authorized_to_start_until=timezone.now() + dt.timedelta(minutes=15),
    )


@pytest.fixture
def user(db: None) -> User:
    user = UserFactory(email="lea@exemple.fr")
    user_profile(user)
    return user


@pytest.fixture
def candidate_client(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


def _data(candidate: Candidate, **overrides: str) -> dict[str, str]:
    data = {
        "session_number": str(candidate.session_id),
        "access_code": "KBPM47",
        "first_name": "lea",
        "last_name": "DUPONT",
        "birthdate": "14/03/2008",
    }
    data.update(overrides)
    return data


def test_it_shows_a_logged_out_visitor_how_to_log_in_or_create_an_account(client: Client, db: None) -> None:
    html = client.get(URL).content.decode()
    assert "/connexion/?next=/certification/" in html
    assert "Créer un compte candidat" in html
    response = client.post(URL, {})
    assert response.status_code == 302 and response["Location"].startswith("/connexion/?next=")


def test_it_shows_the_join_form(candidate_client: Client) -> None:
    html = candidate_client.get(URL).content.decode()
    for label in ("Numéro de session", "Code d&#x27;accès", "Prénom", "Nom de naissance", "Date de naissance"):
        assert label in html
    assert "JJ/MM/AAAA" in html


def test_it_joins_starts_the_test_and_opens_it(candidate_client: Client, candidate: Candidate, user: User) -> None:
    response = candidate_client.post(URL, _data(candidate, access_code=" kbpm47 "))
    course = CertificationCourse.objects.get(candidate=candidate)
    assert response.status_code == 302
    assert response["Location"] == f"/certification/tests/{course.pk}/"
    candidate.refresh_from_db()
    assert candidate.user == user
    assert candidate.authorized_to_start_until is None  # consumed on entry


def test_it_answers_the_same_to_an_unknown_session_and_a_wrong_code(
    candidate_client: Client, candidate: Candidate
) -> None:
    unknown = candidate_client.post(URL, _data(candidate, session_number=str(candidate.session_id + 999)))
    wrong_code = candidate_client.post(URL, _data(candidate, access_code="XXXX22"))
    assert WRONG in unknown.content.decode()
    assert WRONG in wrong_code.content.decode()
    assert unknown.context["form"].errors == wrong_code.context["form"].errors


def test_it_checks_the_identity_only_after_the_right_code(candidate_client: Client, candidate: Candidate) -> None:
    html = candidate_client.post(URL, _data(candidate, access_code="XXXX22", first_name="Personne")).content.decode()
    assert WRONG in html and NO_MATCH not in html
    html = candidate_client.post(URL, _data(candidate, first_name="Personne")).content.decode()
    assert NO_MATCH in html
    candidate.refresh_from_db()
    assert candidate.user is None


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("birthdate", "2008-13-45", "La date de naissance doit être au format JJ/MM/AAAA."),
        ("session_number", "12a", "Le numéro de session ne contient que des chiffres."),
        ("first_name", "", "Veuillez indiquer votre prénom."),
        ("access_code", "", "Veuillez indiquer le code d&#x27;accès."),
    ],
)
def test_it_reports_malformed_input_next_to_the_field(
    candidate_client: Client, candidate: Candidate, field: str, value: str, message: str
) -> None:
    response = candidate_client.post(URL, _data(candidate, **{field: value}))
    assert message in response.content.decode()
    assert not CertificationCourse.objects.exists()


def test_it_refuses_a_candidate_whose_presence_is_not_confirmed(candidate_client: Client, candidate: Candidate) -> None:
    candidate.authorized_to_start_until = None
    candidate.save()
    html = candidate_client.post(URL, _data(candidate)).content.decode()
    assert "Votre surveillant n&#x27;a pas confirmé votre présence dans la salle de test" in html
    assert not CertificationCourse.objects.exists()


def test_it_refuses_a_profile_that_is_not_certifiable(client: Client, candidate: Candidate) -> None:
    user = UserFactory()
    user_profile(user, {"1.1": 3, "1.2": 3})
    client.force_login(user)
    html = client.post(URL, _data(candidate)).content.decode()
    assert "Votre profil n&#x27;est pas encore certifiable" in html


def test_it_refuses_an_identity_joined_with_another_account(client: Client, candidate: Candidate) -> None:
    candidate.user = UserFactory()
    candidate.save()
    other = UserFactory()
    user_profile(other)
    client.force_login(other)
    html = client.post(URL, _data(candidate)).content.decode()
    assert "Ce candidat a déjà rejoint la session avec un autre compte." in html


def test_it_locks_the_account_on_the_session_after_ten_failures_in_ten_minutes(
    candidate_client: Client, candidate: Candidate, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="pixcertif.throttle"):
        for _i in range(9):
            assert WRONG in candidate_client.post(URL, _data(candidate, access_code="XXXX22")).content.decode()
        assert LOCKED in candidate_client.post(URL, _data(candidate, first_name="Personne")).content.decode()
    assert len(caplog.records) == 1
    # Even the right information is refused while locked, and nothing is checked.
    assert LOCKED in candidate_client.post(URL, _data(candidate)).content.decode()
    assert not CertificationCourse.objects.exists()
    # « 0123 » is the same session as « 123 »: no way around the lock.
    padded = _data(candidate, session_number="00" + str(candidate.session_id))
    assert LOCKED in candidate_client.post(URL, padded).content.decode()


def test_a_strangers_ten_wrong_codes_do_not_keep_the_real_candidate_out(
    client: Client, candidate: Candidate, user: User
) -> None:
    stranger = UserFactory(email="intrus@exemple.fr")
    client.force_login(stranger)
    for _i in range(12):
        client.post(URL, _data(candidate, access_code="XXXX22", first_name="Intrus"))
    assert LOCKED in client.post(URL, _data(candidate, access_code="XXXX22")).content.decode()
    client.force_login(user)  # the real candidate, on the same session, right after
    response = client.post(URL, _data(candidate))
    assert response.status_code == 302
    assert CertificationCourse.objects.filter(candidate=candidate, user=user).exists()


def test_thirty_pupils_of_one_room_with_one_typo_each_all_get_in(client: Client, db: None) -> None:
    bank()
    session = SessionFactory(access_code="KBPM47")
    confirmed = timezone.now() + dt.timedelta(minutes=15)
    pupils = []
    for i in range(30):
        pupil = CandidateFactory(
            session=session,
            first_name=f"Élève{i}",
            last_name="Martin",
            birthdate=dt.date(2008, 3, 14),
            authorized_to_start_until=confirmed,
        )
        account = UserFactory(email=f"eleve{i}@exemple.fr")
        user_profile(account)
        pupils.append((pupil, account))
    for i, (pupil, account) in enumerate(pupils):
        client.force_login(account)
        typo = {0: {"access_code": "KBPM74"}, 1: {"birthdate": "14/03/2009"}, 2: {"last_name": "Martn"}}[i % 3]
        refused = client.post(URL, _data(pupil, first_name=pupil.first_name, **{"last_name": "Martin", **typo}))
        assert (WRONG if "access_code" in typo else NO_MATCH) in refused.content.decode()
        response = client.post(URL, _data(pupil, first_name=pupil.first_name, last_name="Martin"))
        assert response.status_code == 302, (i, response.content.decode()[-500:])
    assert CertificationCourse.objects.filter(session=session).count() == 30


def test_it_throttles_an_unknown_session_number_too(candidate_client: Client, candidate: Candidate) -> None:
    unknown = str(candidate.session_id + 999)
    for _i in range(10):
        candidate_client.post(URL, _data(candidate, session_number=unknown))
    assert LOCKED in candidate_client.post(URL, _data(candidate, session_number=unknown)).content.decode()
    # The account is locked on that number only: the session it really has to join is not locked.
    assert candidate_client.post(URL, _data(candidate)).status_code == 302


def test_it_locks_an_account_guessing_across_many_sessions(candidate_client: Client, candidate: Candidate) -> None:
    for i in range(20):  # two failures on each of ten session numbers: no session key reaches ten
        candidate_client.post(URL, _data(candidate, session_number=str(candidate.session_id + 100 + i // 2)))
    assert LOCKED in candidate_client.post(URL, _data(candidate)).content.decode()


def test_it_unlocks_after_two_minutes_then_doubles_the_lock(
    candidate_client: Client, candidate: Candidate, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = timezone.now()
    monkeypatch.setattr("certification.services.timezone.now", lambda: now)
    for _i in range(10):
        candidate_client.post(URL, _data(candidate, access_code="XXXX22"))
    now += dt.timedelta(minutes=2, seconds=1)
    assert WRONG in candidate_client.post(URL, _data(candidate, access_code="XXXX22")).content.decode()
    for _i in range(9):
        candidate_client.post(URL, _data(candidate, access_code="XXXX22"))
    now += dt.timedelta(minutes=3)
    assert LOCKED in candidate_client.post(URL, _data(candidate)).content.decode()
    now += dt.timedelta(minutes=1, seconds=1)
    monkeypatch.setattr("certification.services.timezone.now", lambda: now)
    assert candidate_client.post(URL, _data(candidate)).status_code == 302


def test_the_signup_page_sends_a_link_and_the_link_creates_the_account_and_logs_in(
    client: Client, db: None, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/certification/compte/?next=/certification/", {"email": "Theo@Exemple.fr", "next": "/certification/"})
    assert response.status_code == 302 and response["Location"] == "/certification/compte/envoye/"
    link = re.search(r"https?://[^/\s]+(/certification/compte/\S+)", mail.outbox[-1].body).group(1)  # type: ignore[union-attr]
    response = client.post(
        link,
        {
            "first_name": "Théo",
            "last_name": "Martin",
            "password1": "un-mot-de-passe-solide",
            "password2": "un-mot-de-passe-solide",
            "next": "/certification/",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/certification/"
    user = User.objects.get(email="theo@exemple.fr")
    assert user.check_password("un-mot-de-passe-solide")
    assert client.get(URL).context["user"] == user


def test_a_taken_address_gets_the_same_answer_and_no_second_account(
    client: Client, db: None, django_capture_on_commit_callbacks: Any
) -> None:
    # No « Un compte existe déjà » on the page: that would tell anyone which addresses have an account.
    UserFactory(email="pris@exemple.fr")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/certification/compte/", {"email": "pris@exemple.fr"})
    assert response.status_code == 302 and response["Location"] == "/certification/compte/envoye/"
    assert "Un compte existe déjà" not in client.get(response["Location"]).content.decode()
    assert User.objects.count() == 1
    assert mail.outbox[-1].to == ["pris@exemple.fr"] and "déjà un compte" in mail.outbox[-1].body

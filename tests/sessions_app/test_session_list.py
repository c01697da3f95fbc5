from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from centres.models import CertificationCentre
from sessions_app.filters import SORTS
from sessions_app.models import Session, SessionStatus
from tests.accounts.factories import UserFactory
from tests.candidates.factories import CandidateFactory
from tests.centres.factories import CentreFactory
from tests.certification.factories import course_by_hand
from tests.sessions_app.factories import SessionFactory

URL = "/sessions/"


def _numbers(response: object) -> list[int]:
    return [s.pk for s in response.context["page_obj"]]  # type: ignore[attr-defined]


def _warnings(response: object) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]  # type: ignore[attr-defined]


@pytest.fixture
def sessions(centre: CertificationCentre) -> dict[str, Session]:
    """Three sessions that differ in every filtered and sorted column."""
    a = SessionFactory(
        centre=centre, date=dt.date(2031, 2, 3), time=dt.time(9, 0), address="Campus Nord", room="Amphi A",
        supervisors="Mme Durand", description="Salle informatique",
    )
    b = SessionFactory(
        centre=centre, date=dt.date(2031, 3, 10), time=dt.time(14, 0), address="Campus Sud", room="Bibliothèque",
        supervisors="M. Petit", status=SessionStatus.FINALISED,
    )
    c = SessionFactory(
        centre=centre, date=dt.date(2031, 3, 10), time=dt.time(8, 0), address="Annexe", room="Cantine",
        supervisors="Mme Zola, M. Petit", status=SessionStatus.PROCESSED,
    )
    CandidateFactory.create_batch(2, session=a)
    CandidateFactory.create_batch(5, session=b)
    return {"a": a, "b": b, "c": c}


def test_it_lists_only_the_current_centre_sessions_newest_first(
    member_client: Client, sessions: dict[str, Session]
) -> None:
    SessionFactory(centre=CentreFactory(), room="Ailleurs")
    response = member_client.get(URL)
    assert response.status_code == 200
    a, b, c = sessions["a"], sessions["b"], sessions["c"]
    assert _numbers(response) == [b.pk, c.pk, a.pk]
    assert "Ailleurs" not in response.content.decode()


def test_it_shows_the_domain_columns_and_centre_status_labels(
    member_client: Client, centre: CertificationCentre, sessions: dict[str, Session]
) -> None:
    SessionFactory(centre=centre, status=SessionStatus.IN_PROCESS)
    html = member_client.get(URL).content.decode()
    for column in ("N° de session", "Nom du site", "Salle", "Date", "Heure", "Surveillant(s)", "Candidats inscrits", "Statut"):
        assert column in html
    for label in ("Créée", "Finalisée", "Résultats transmis par Pix"):
        assert label in html
    assert "En cours de traitement" not in html


def test_it_counts_the_candidates_of_each_session(member_client: Client, sessions: dict[str, Session]) -> None:
    response = member_client.get(URL)
    counts = {s.pk: s.candidate_count for s in response.context["page_obj"]}
    assert counts == {sessions["a"].pk: 2, sessions["b"].pk: 5, sessions["c"].pk: 0}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("statut=created", ["a"]),
        ("statut=finalised", ["b"]),
        ("statut=processed", ["c"]),
        ("du=2031-03-01", ["b", "c"]),
        ("au=2031-03-01", ["a"]),
        ("du=2031-02-03&au=2031-02-03", ["a"]),
        ("site=campus", ["b", "a"]),
        ("salle=BIBLIO", ["b"]),
        ("surveillant=petit", ["b", "c"]),
        ("q=informatique", ["a"]),
        ("q=petit zola", ["c"]),
        ("q=campus sud", ["b"]),
        ("q=personne", []),
    ],
)
def test_it_filters_the_list(member_client: Client, sessions: dict[str, Session], query: str, expected: list[str]) -> None:
    response = member_client.get(f"{URL}?{query}")
    assert response.status_code == 200
    assert _numbers(response) == [sessions[key].pk for key in expected]


def test_it_filters_by_number_and_finds_a_number_in_the_search(
    member_client: Client, sessions: dict[str, Session]
) -> None:
    b = sessions["b"]
    assert _numbers(member_client.get(f"{URL}?numero={b.pk}")) == [b.pk]
    assert b.pk in _numbers(member_client.get(f"{URL}?q={b.pk}"))


def test_it_counts_in_process_sessions_as_finalised(member_client: Client, centre: CertificationCentre) -> None:
    in_process = SessionFactory(centre=centre, status=SessionStatus.IN_PROCESS)
    finalised = SessionFactory(centre=centre, status=SessionStatus.FINALISED)
    SessionFactory(centre=centre)
    assert sorted(_numbers(member_client.get(f"{URL}?statut=finalised"))) == sorted([in_process.pk, finalised.pk])


EXPECTED_ASCENDING = {
    "date": ["a", "c", "b"],
    "numero": ["a", "b", "c"],
    "site": ["c", "a", "b"],
    "salle": ["a", "b", "c"],
    "surveillants": ["b", "a", "c"],
    "candidats": ["c", "a", "b"],
    "certifications": ["a", "b", "c"],  # no test started: ties fall back to the number
    "statut": ["a", "b", "c"],  # created < finalised < processed
}


def test_it_has_an_expectation_for_every_sort_key() -> None:
    assert set(EXPECTED_ASCENDING) == set(SORTS)


@pytest.mark.parametrize("key", sorted(EXPECTED_ASCENDING))
def test_it_sorts_by_each_column_both_ways(member_client: Client, sessions: dict[str, Session], key: str) -> None:
    ascending = [sessions[k].pk for k in EXPECTED_ASCENDING[key]]
    response = member_client.get(f"{URL}?tri={key}")
    assert response.status_code == 200
    assert _numbers(response) == ascending
    assert response.context["active_sort"] == key
    assert _numbers(member_client.get(f"{URL}?tri=-{key}")) == ascending[::-1]


def test_it_keeps_filters_when_sorting(member_client: Client, sessions: dict[str, Session]) -> None:
    response = member_client.get(f"{URL}?surveillant=petit&tri=-numero")
    assert _numbers(response) == [sessions["c"].pk, sessions["b"].pk]
    assert "surveillant=petit" in response.content.decode()


def test_it_paginates_25_a_page(member_client: Client, centre: CertificationCentre) -> None:
    day = dt.date(2031, 1, 1)
    created = [SessionFactory(centre=centre, date=day + dt.timedelta(days=i)) for i in range(30)]
    first = member_client.get(URL)
    assert len(first.context["page_obj"]) == 25
    assert first.context["page_obj"].paginator.count == 30
    assert "1 / 2" in first.content.decode()
    second = member_client.get(f"{URL}?page=2")
    assert _numbers(second) == [s.pk for s in created[:5]][::-1]
    assert _numbers(member_client.get(f"{URL}?page=99")) == _numbers(second)
    assert member_client.get(f"{URL}?page=abc").status_code == 200


def test_it_keeps_filters_across_pages(member_client: Client, centre: CertificationCentre) -> None:
    for _ in range(26):
        SessionFactory(centre=centre, supervisors="M. Petit")
    SessionFactory(centre=centre, supervisors="Mme Autre")
    response = member_client.get(f"{URL}?surveillant=petit&page=2")
    assert len(response.context["page_obj"]) == 1
    assert "surveillant=petit" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "label"),
    [
        ("du=abc", "Du"),
        ("au=2031-13-45", "Au"),
        ("numero=-3", "N° de session"),
        ("numero=douze", "N° de session"),
        ("statut=zzz", "Statut"),
        ("tri=bogus", "Trier par"),
        ("tri=-", "Trier par"),
    ],
)
def test_it_ignores_an_invalid_filter_with_a_french_warning(
    member_client: Client, sessions: dict[str, Session], query: str, label: str
) -> None:
    response = member_client.get(f"{URL}?{query}&site=campus")
    assert response.status_code == 200
    warnings = _warnings(response)
    assert len(warnings) == 1
    assert warnings[0].startswith(f"Le filtre « {label} » a été ignoré : ")
    # The other filters still apply; the default order is kept.
    assert _numbers(response) == [sessions["b"].pk, sessions["a"].pk]


def test_it_says_so_when_no_session_matches(member_client: Client, sessions: dict[str, Session]) -> None:
    html = member_client.get(f"{URL}?q=introuvable").content.decode()
    assert "Aucune session ne correspond à ces filtres." in html


def test_it_invites_to_create_the_first_session(member_client: Client) -> None:
    assert "Aucune session pour l'instant : créez la première." in member_client.get(URL).content.decode()


def _count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_it_makes_as_many_queries_for_fifty_sessions_as_for_one(
    member_client: Client, centre: CertificationCentre
) -> None:
    first = SessionFactory(centre=centre)
    CandidateFactory(session=first)
    member_client.get(URL)  # warm up the session and the caches
    one = _count_queries(member_client, URL)
    for session in SessionFactory.create_batch(49, centre=centre):
        CandidateFactory(session=session)
    assert _count_queries(member_client, URL) == one
    assert _count_queries(member_client, f"{URL}?page=2&tri=-candidats&q=Site") == one


def test_it_counts_candidates_and_started_tests_without_multiplying_them(
    member_client: Client, centre: CertificationCentre
) -> None:
    session = SessionFactory(centre=centre)
    candidates = [CandidateFactory(session=session, user=UserFactory()) for _ in range(3)]
    for candidate in candidates[:2]:
        course_by_hand(candidate=candidate, positions={"1.1": (1, 8)}, questions=[("1.1", None, False)])
    empty = SessionFactory(centre=centre)
    rows = {s.pk: s for s in member_client.get(f"{URL}?tri=-certifications").context["page_obj"]}
    assert (rows[session.pk].candidate_count, rows[session.pk].course_count) == (3, 2)
    assert (rows[empty.pk].candidate_count, rows[empty.pk].course_count) == (0, 0)
    assert _numbers(member_client.get(f"{URL}?tri=-certifications"))[0] == session.pk

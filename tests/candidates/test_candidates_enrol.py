"""« Inscrire des élèves »: the roster by division, 50 a page, checked students enrolled at once (SCO)."""

from __future__ import annotations

import html

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from candidates.models import Candidate
from candidates.services import candidates_enrol_students
from sessions_app.models import Session, SessionStatus
from tests.centres.factories import StudentFactory
from tests.referential.factories import PlacementProfileFactory
from tests.sessions_app.factories import SessionFactory


def _url(session: Session, query: str = "") -> str:
    return f"/sessions/{session.pk}/candidats/inscrire-des-eleves/{query}"


def _text(response: object) -> str:
    return html.unescape(response.content.decode())  # type: ignore[attr-defined]


def test_it_filters_the_roster_by_one_or_several_divisions(sco_admin: tuple[Client, Session]) -> None:
    client, session = sco_admin
    for division, name in (("3A", "ALPHA"), ("3B", "BRAVO"), ("4C", "CHARLIE")):
        StudentFactory(centre=session.centre, division=division, last_name=name)
    page = _text(client.get(_url(session, "?division=3A")))
    assert "ALPHA" in page and "BRAVO" not in page and "CHARLIE" not in page
    page = _text(client.get(_url(session, "?division=3A&division=3B")))
    assert "ALPHA" in page and "BRAVO" in page and "CHARLIE" not in page
    page = _text(client.get(_url(session, "?division=9Z")))  # a division gone since: ignored, not an error
    assert "CHARLIE" in page


def test_it_enrols_the_checked_students_and_keeps_the_filters(sco_admin: tuple[Client, Session]) -> None:
    client, session = sco_admin
    students = StudentFactory.create_batch(3, centre=session.centre, division="3A")
    response = client.post(_url(session, "?division=3A"), {"students": [s.pk for s in students]})
    assert response.status_code == 302 and response["Location"] == _url(session, "?division=3A")
    assert sorted(Candidate.objects.values_list("student_id", flat=True)) == sorted(s.pk for s in students)
    assert "3 élèves inscrits à la session." in _text(client.get(response["Location"]))


def test_it_shows_the_already_enrolled_students_as_such(sco_admin: tuple[Client, Session]) -> None:
    client, session = sco_admin
    enrolled = StudentFactory(centre=session.centre)
    free = StudentFactory(centre=session.centre)
    candidates_enrol_students(session=session, by=None, student_ids=[enrolled.pk])
    page = client.get(_url(session)).content.decode()
    assert f'id="eleve-{enrolled.pk}" name="students" value="{enrolled.pk}" disabled checked' in page
    assert f'id="eleve-{free.pk}" name="students" value="{free.pk}">' in page
    assert page.count("Déjà inscrit") == 1


def test_it_refuses_the_whole_batch_naming_an_already_enrolled_student(sco_admin: tuple[Client, Session]) -> None:
    client, session = sco_admin
    already = StudentFactory(centre=session.centre, first_name="Jean", last_name="VALJEAN")
    fresh = StudentFactory(centre=session.centre)
    candidates_enrol_students(session=session, by=None, student_ids=[already.pk])
    response = client.post(_url(session), {"students": [fresh.pk, already.pk]})
    assert response.status_code == 200
    assert "Jean VALJEAN est déjà inscrit(e) à cette session." in _text(response)
    assert not Candidate.objects.filter(student=fresh).exists()
    assert f'value="{fresh.pk}" checked' in response.content.decode()  # the choice is kept for a retry


def test_it_asks_to_check_someone(sco_admin: tuple[Client, Session]) -> None:
    client, session = sco_admin
    StudentFactory(centre=session.centre)
    assert "Cochez au moins un élève à inscrire." in _text(client.post(_url(session), {}))


def test_it_pages_by_fifty(sco_admin: tuple[Client, Session]) -> None:
    client, session = sco_admin
    StudentFactory.create_batch(51, centre=session.centre)
    first = client.get(_url(session))
    assert len(first.context["rows"]) == 50
    assert "51 élèves" in _text(first)
    assert len(client.get(_url(session, "?page=2")).context["rows"]) == 1


def test_it_shows_certifiability(sco_admin: tuple[Client, Session]) -> None:
    client, session = sco_admin
    certifiable = StudentFactory(centre=session.centre, last_name="AAA")
    not_certifiable = StudentFactory(centre=session.centre, last_name="BBB")
    StudentFactory(centre=session.centre, last_name="CCC")
    PlacementProfileFactory(student=certifiable, certifiable=True)
    PlacementProfileFactory(student=not_certifiable, levels=[1, 1, 0, 0, 0])
    rows = client.get(_url(session)).context["rows"]
    assert [(student.last_name, status) for student, _enrolled, status, _checked in rows] == [
        ("AAA", True), ("BBB", False), ("CCC", None)
    ]
    page = _text(client.get(_url(session)))
    assert "Certifiable" in page and "Non certifiable" in page and "Profil inconnu" in page


def test_its_query_count_does_not_grow_with_the_students(sco_admin: tuple[Client, Session]) -> None:
    client, session = sco_admin
    first = StudentFactory(centre=session.centre)
    PlacementProfileFactory(student=first, certifiable=True)
    candidates_enrol_students(session=session, by=None, student_ids=[first.pk])
    with CaptureQueriesContext(connection) as few:
        assert client.get(_url(session)).status_code == 200
    for student in StudentFactory.create_batch(30, centre=session.centre, division="3B"):
        PlacementProfileFactory(student=student, certifiable=True)
    candidates_enrol_students(session=session, by=None, student_ids=list(
        session.centre.students.filter(division="3B").values_list("pk", flat=True)[:10]
    ))
    with CaptureQueriesContext(connection) as many:
        assert client.get(_url(session)).status_code == 200
    assert len(many) == len(few)


def test_a_finalised_session_refuses_enrolment(sco_admin: tuple[Client, Session]) -> None:
    client, session = sco_admin
    student = StudentFactory(centre=session.centre)
    Session.objects.filter(pk=session.pk).update(status=SessionStatus.FINALISED)
    response = client.post(_url(session), {"students": [student.pk]})
    assert "La session est finalisée : il n'est plus possible d'inscrire des candidats." in _text(response)
    assert not Candidate.objects.exists()


def test_it_never_enrols_another_schools_student(sco_admin: tuple[Client, Session]) -> None:
    client, session = sco_admin
    foreign = StudentFactory()
    response = client.post(_url(session), {"students": [foreign.pk]})
    assert "Cet élève n'appartient pas à votre établissement." in _text(response)
    assert not Candidate.objects.exists()


@pytest.mark.django_db
def test_it_is_not_found_for_a_sup_centre(admin_client: Client, centre: object) -> None:
    session = SessionFactory(centre=centre)
    assert admin_client.get(_url(session)).status_code == 404


def test_it_offers_tout_cocher_with_its_count_hidden_until_the_script_runs(sco_admin: tuple[Client, Session]) -> None:
    client, session = sco_admin
    StudentFactory.create_batch(2, centre=session.centre, division="3A")
    page = _text(client.get(_url(session, "?division=3A")))
    assert 'data-check-all="students"' in page and ">Tout cocher</label>" in page
    container = page.index('<div class="pix-actions fr-mb-2w" hidden>')
    inside = page[container : page.index("<table", container)]
    assert 'id="tout-cocher"' in inside and 'id="eleves-coches"' in inside  # both wait for the script
    assert 'data-other="{n} élèves cochés"' in page


def test_it_says_tout_cocher_sur_cette_page_when_the_class_spans_pages(sco_admin: tuple[Client, Session]) -> None:
    client, session = sco_admin
    StudentFactory.create_batch(51, centre=session.centre, division="3A")
    assert ">Tout cocher sur cette page</label>" in _text(client.get(_url(session)))


def test_it_offers_no_tout_cocher_once_the_session_is_finalised(sco_admin: tuple[Client, Session]) -> None:
    client, session = sco_admin
    StudentFactory(centre=session.centre)
    Session.objects.filter(pk=session.pk).update(status=SessionStatus.FINALISED)
    assert "data-check-all" not in _text(client.get(_url(session)))


def test_it_says_one_pupil_in_the_singular(sco_admin: tuple[Client, Session]) -> None:
    client, session = sco_admin
    student = StudentFactory(centre=session.centre)
    response = client.post(_url(session), {"students": [student.pk]})
    assert "1 élève inscrit à la session." in _text(client.get(response["Location"]))

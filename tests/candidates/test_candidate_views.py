"""The session's candidate list and the add, edit and delete pages."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from candidates.models import BillingMode, Candidate
from candidates.services import candidates_enrol_students
from centres.models import CertificationCentre
from sessions_app.models import Session, SessionStatus
from tests.accounts.factories import UserFactory
from tests.candidates.factories import BirthCountryFactory, BirthplaceCommuneFactory, CandidateFactory
from tests.centres.factories import StudentFactory
from tests.sessions_app.factories import SessionFactory

VALID = {
    "last_name": "Dupont",
    "first_name": "Léa",
    "sex": "F",
    "birthdate": "2008-03-14",
    "birth_insee_code": "75056",
    "billing_mode": "FREE",
}


@pytest.fixture
def session(centre: CertificationCentre) -> Session:
    BirthplaceCommuneFactory()
    BirthCountryFactory()
    return SessionFactory(centre=centre)


def _url(session: Session, suffix: str = "") -> str:
    return f"/sessions/{session.pk}/candidats/{suffix}"


def _error_next_to(page: str, field: str, message: str) -> bool:
    """The message sits in the error block DSFR ties to the field (aria-describedby)."""
    start = page.find(f'id="id_{field}-desc-error"')
    return start != -1 and message in html.unescape(page[start : start + 400])


class TestCandidateList:
    def test_it_lists_the_candidates_with_their_columns(self, admin_client: Client, session: Session) -> None:
        CandidateFactory(
            session=session,
            last_name="Martin",
            first_name="Hugo",
            external_id="E-42",
            extra_time_percentage=33,
            birth_city="Paris",
            birth_insee_code="75056",
            billing_mode=BillingMode.PREPAID,
            prepayment_code="PP-1",
        )
        page = html.unescape(admin_client.get(_url(session)).content.decode())
        for text in (
            "Martin",
            "Hugo",
            "14/03/2008",
            "E-42",
            "33 %",
            "Paris (75056)",
            "Prépayée (PP-1)",
            "Identifiant local",
            "1 candidat inscrit",
            "1 avec temps majoré",
            "Ajouter un candidat",
        ):
            assert text in page, text

    def test_its_counters_say_aucun_rather_than_zero_in_the_singular(
        self, admin_client: Client, session: Session
    ) -> None:
        def counters() -> str:
            page = html.unescape(admin_client.get(_url(session)).content.decode())
            found = re.search(r'id="compteurs">(.*?)</p>', page, flags=re.DOTALL)
            assert found
            return " ".join(found.group(1).split())

        assert counters() == "Aucun candidat inscrit"
        CandidateFactory(session=session)
        assert counters() == "1 candidat inscrit — aucun avec temps majoré — aucun n'a rejoint la session"
        CandidateFactory(
            session=session,
            extra_time_percentage=33,
            user=UserFactory(),
            joined_at=dt.datetime(2031, 1, 1, tzinfo=dt.UTC),
        )
        CandidateFactory(session=session, user=UserFactory(), joined_at=dt.datetime(2031, 1, 1, tzinfo=dt.UTC))
        assert counters() == "3 candidats inscrits — 1 avec temps majoré — 2 ont rejoint la session"

    def test_it_shows_the_class_for_a_school(self, sco_admin: tuple[Client, Session]) -> None:
        client, sco_session = sco_admin
        student = StudentFactory(centre=sco_session.centre, division="3B")
        CandidateFactory(session=sco_session, student=student)
        page = client.get(_url(sco_session)).content.decode()
        assert "Classe" in page and ">3B<" in page
        assert "Tarification part Pix" not in page
        assert "Inscrire des élèves" in page

    def test_it_hides_the_delete_link_of_a_joined_candidate(self, admin_client: Client, session: Session) -> None:
        joined = CandidateFactory(session=session, user=UserFactory(), joined_at=dt.datetime(2031, 1, 1, tzinfo=dt.UTC))
        page = admin_client.get(_url(session)).content.decode()
        assert f"/candidats/{joined.pk}/supprimer/" not in page
        assert "A rejoint la session" in page

    def test_its_query_count_does_not_grow_with_the_candidates(self, admin_client: Client, session: Session) -> None:
        CandidateFactory(session=session)
        with CaptureQueriesContext(connection) as few:
            assert admin_client.get(_url(session)).status_code == 200
        CandidateFactory.create_batch(20, session=session)
        with CaptureQueriesContext(connection) as many:
            assert admin_client.get(_url(session)).status_code == 200
        assert len(many) == len(few)

    def test_the_session_page_links_to_it(self, admin_client: Client, session: Session) -> None:
        CandidateFactory.create_batch(2, session=session)
        page = admin_client.get(f"/sessions/{session.pk}/").content.decode()
        assert f'href="{_url(session)}"' in page and "Candidats (2)" in page


class TestCandidateCreate:
    def test_it_enrols_a_candidate(self, admin_client: Client, session: Session) -> None:
        response = admin_client.post(_url(session, "ajouter/"), {**VALID, "extra_time_percentage": "33"})
        assert response.status_code == 302 and response["Location"] == _url(session)
        candidate = Candidate.objects.get()
        assert (candidate.first_name, candidate.birth_city, candidate.extra_time_percentage) == ("Léa", "Paris", 33)

    def test_it_shows_every_error_in_french_next_to_its_field(self, admin_client: Client, session: Session) -> None:
        data = {
            **VALID,
            "first_name": "",
            "extra_time_percentage": "150",
            "birth_insee_code": "12345",
            "billing_mode": "",
            "prepayment_code": "X",
            "convocation_email": "lea@",
        }
        page = admin_client.post(_url(session, "ajouter/"), data).content.decode()
        assert _error_next_to(page, "first_name", "Veuillez indiquer un prénom.")
        assert _error_next_to(
            page, "extra_time_percentage", "Le temps majoré doit être un nombre entier entre 1 et 99 %."
        )
        assert _error_next_to(page, "birth_insee_code", "Le code Insee « 12345 » ne correspond à aucune commune.")
        assert _error_next_to(page, "billing_mode", "Veuillez indiquer la tarification part Pix")
        assert _error_next_to(
            page, "prepayment_code", "Le code de prépaiement n'est possible qu'avec la tarification « Prépayée »."
        )
        assert _error_next_to(page, "convocation_email", "L'e-mail de convocation n'est pas valide.")
        assert not Candidate.objects.exists()

    @pytest.mark.parametrize(
        ("changes", "field", "message"),
        [
            ({"billing_mode": "PREPAID"}, "prepayment_code", "Veuillez indiquer le code de prépaiement."),
            (
                {"birth_insee_code": "", "birth_postal_code": "75001", "birth_city": "Lyon"},
                "birth_city",
                "La commune « Lyon » ne correspond pas au code postal « 75001 ».",
            ),
            (
                {"birth_insee_code": "", "birth_country": "Atlantide", "birth_city": "X"},
                "birth_country",
                "Le pays « Atlantide » n'existe pas.",
            ),
            ({"birthdate": "1899-12-31"}, "birthdate", "La date de naissance doit être postérieure au 01/01/1900."),
        ],
    )
    def test_it_puts_the_business_errors_on_their_field(
        self, admin_client: Client, session: Session, changes: dict[str, str], field: str, message: str
    ) -> None:
        page = admin_client.post(_url(session, "ajouter/"), {**VALID, **changes}).content.decode()
        assert _error_next_to(page, field, message)

    def test_it_accepts_prepaid_billing_with_its_code(self, admin_client: Client, session: Session) -> None:
        admin_client.post(_url(session, "ajouter/"), {**VALID, "billing_mode": "PREPAID", "prepayment_code": "PP-7"})
        assert Candidate.objects.get().prepayment_code == "PP-7"

    def test_it_refuses_a_duplicate(self, admin_client: Client, session: Session) -> None:
        admin_client.post(_url(session, "ajouter/"), VALID)
        page = admin_client.post(_url(session, "ajouter/"), {**VALID, "first_name": "LEA"}).content.decode()
        assert _error_next_to(
            page, "last_name", "Ce candidat est déjà dans la liste, vous ne pouvez pas l'ajouter à nouveau."
        )
        assert Candidate.objects.count() == 1

    def test_a_finalised_session_refuses_enrolment(self, admin_client: Client, session: Session) -> None:
        Session.objects.filter(pk=session.pk).update(status=SessionStatus.FINALISED)
        page = html.unescape(admin_client.post(_url(session, "ajouter/"), VALID).content.decode())
        assert "La session est finalisée : il n'est plus possible d'inscrire des candidats." in page
        assert not Candidate.objects.exists()

    def test_a_school_with_a_roster_is_sent_to_it(self, sco_admin: tuple[Client, Session]) -> None:
        client, sco_session = sco_admin
        StudentFactory(centre=sco_session.centre)
        response = client.get(_url(sco_session, "ajouter/"))
        assert response["Location"] == _url(sco_session, "inscrire-des-eleves/")
        page = client.get(_url(sco_session)).content.decode()
        assert "Inscrire des élèves" in page and "Ajouter un candidat" not in page

    def test_a_school_without_a_roster_adds_its_candidates_by_form_without_billing(
        self, sco_admin: tuple[Client, Session]
    ) -> None:
        # A French school abroad, say: no SIECLE roster, so the form, as SUP and PRO centres, minus the billing.
        client, sco_session = sco_admin
        BirthplaceCommuneFactory()
        page = client.get(_url(sco_session)).content.decode()
        assert "Ajouter un candidat" in page and "Inscrire des élèves" not in page
        form = client.get(_url(sco_session, "ajouter/"))
        assert form.status_code == 200
        assert 'name="billing_mode"' not in form.content.decode() and 'name="last_name"' in form.content.decode()
        data = {k: v for k, v in VALID.items() if k not in ("billing_mode", "prepayment_code")}
        response = client.post(_url(sco_session, "ajouter/"), data)
        assert response.status_code == 302, re.findall(r"fr-error-text[^<]*<?[^<]*", response.content.decode())
        candidate = Candidate.objects.get(session=sco_session)
        assert candidate.billing_mode == "" and candidate.student_id is None
        edit = client.post(_url(sco_session, f"{candidate.pk}/modifier/"), {**data, "first_name": "Lou"})
        assert edit.status_code == 302
        candidate.refresh_from_db()
        assert candidate.first_name == "Lou"


class TestCandidateUpdate:
    def test_it_shows_the_candidate_and_saves_changes(self, admin_client: Client, session: Session) -> None:
        admin_client.post(_url(session, "ajouter/"), VALID)
        candidate = Candidate.objects.get()
        page = admin_client.get(_url(session, f"{candidate.pk}/modifier/")).content.decode()
        assert 'value="Dupont"' in page and 'value="75056"' in page
        response = admin_client.post(_url(session, f"{candidate.pk}/modifier/"), {**VALID, "billing_mode": "PAID"})
        assert response.status_code == 302
        candidate.refresh_from_db()
        assert candidate.billing_mode == BillingMode.PAID

    def test_it_shows_errors_next_to_fields(self, admin_client: Client, session: Session) -> None:
        admin_client.post(_url(session, "ajouter/"), VALID)
        candidate = Candidate.objects.get()
        page = admin_client.post(_url(session, f"{candidate.pk}/modifier/"), {**VALID, "sex": ""}).content.decode()
        assert "Veuillez indiquer le sexe du candidat (M ou F)." in html.unescape(page)

    def test_a_student_candidate_only_changes_extra_time_and_emails(self, sco_admin: tuple[Client, Session]) -> None:
        client, sco_session = sco_admin
        student = StudentFactory(centre=sco_session.centre, first_name="Léa")
        (candidate,) = candidates_enrol_students(session=sco_session, by=None, student_ids=[student.pk])
        url = _url(sco_session, f"{candidate.pk}/modifier/")
        assert 'name="first_name"' not in client.get(url).content.decode()
        client.post(url, {"extra_time_percentage": "33", "first_name": "Pirate"})
        candidate.refresh_from_db()
        assert (candidate.extra_time_percentage, candidate.first_name) == (33, "Léa")


class TestCandidateDelete:
    def test_it_asks_then_deletes(self, admin_client: Client, session: Session) -> None:
        candidate = CandidateFactory(session=session, first_name="Hugo")
        assert "Hugo" in admin_client.get(_url(session, f"{candidate.pk}/supprimer/")).content.decode()
        response = admin_client.post(_url(session, f"{candidate.pk}/supprimer/"), follow=True)
        assert not Candidate.objects.exists()
        assert "a été retiré(e) de la session" in html.unescape(response.content.decode())

    def test_a_joined_candidate_cannot_be_deleted(self, admin_client: Client, session: Session) -> None:
        candidate = CandidateFactory(
            session=session, user=UserFactory(), joined_at=dt.datetime(2031, 1, 1, tzinfo=dt.UTC)
        )
        response = admin_client.post(_url(session, f"{candidate.pk}/supprimer/"), follow=True)
        assert "Ce candidat a déjà rejoint la session : il ne peut plus être supprimé." in html.unescape(
            response.content.decode()
        )
        assert Candidate.objects.filter(pk=candidate.pk).exists()

    def test_a_candidate_of_another_session_is_not_found(self, admin_client: Client, session: Session) -> None:
        other = CandidateFactory(session=SessionFactory(centre=session.centre))
        assert admin_client.post(_url(session, f"{other.pk}/supprimer/")).status_code == 404
        assert Candidate.objects.filter(pk=other.pk).exists()

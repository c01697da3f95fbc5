"""Every business rule of DOMAIN.md §3 on one candidate, with its field and French message."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from candidates.models import BillingMode
from candidates.services import CandidateData, candidate_data_errors
from centres.models import CentreType, CertificationCentre
from sessions_app.models import Session
from tests.candidates.factories import BirthCountryFactory, BirthplaceCommuneFactory, CandidateFactory, candidate_data
from tests.centres.factories import ScoCentreFactory, StudentFactory
from tests.sessions_app.factories import SessionFactory


@pytest.fixture
def session(centre: CertificationCentre) -> Session:
    BirthplaceCommuneFactory()
    return SessionFactory(centre=centre)


def _errors(session: Session, **overrides: object) -> list[tuple[str, str]]:
    return candidate_data_errors(session=session, data=candidate_data(**overrides))


def test_it_finds_nothing_wrong_with_a_valid_candidate(session: Session) -> None:
    assert _errors(session) == []


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"last_name": "  "}, ("last_name", "Veuillez indiquer un nom de naissance.")),
        ({"last_name": "x" * 256}, ("last_name", "Le nom de naissance ne doit pas dépasser 255 caractères.")),
        ({"first_name": ""}, ("first_name", "Veuillez indiquer un prénom.")),
        ({"first_name": "x" * 256}, ("first_name", "Le prénom ne doit pas dépasser 255 caractères.")),
        ({"sex": ""}, ("sex", "Veuillez indiquer le sexe du candidat (M ou F).")),
        ({"sex": "X"}, ("sex", "Le sexe doit être M ou F.")),
        ({"birthdate": None}, ("birthdate", "Veuillez indiquer une date de naissance.")),
        ({"birthdate": dt.date(1900, 1, 1)}, ("birthdate", "La date de naissance doit être postérieure au 01/01/1900.")),
        ({"birthdate": dt.date(1899, 12, 31)}, ("birthdate", "La date de naissance doit être postérieure au 01/01/1900.")),
        ({"external_id": "x" * 256}, ("external_id", "L'identifiant local ne doit pas dépasser 255 caractères.")),
        ({"extra_time_percentage": 0}, ("extra_time_percentage", "Le temps majoré doit être un nombre entier entre 1 et 99 %.")),
        ({"extra_time_percentage": 100}, ("extra_time_percentage", "Le temps majoré doit être un nombre entier entre 1 et 99 %.")),
        ({"extra_time_percentage": 33.5}, ("extra_time_percentage", "Le temps majoré doit être un nombre entier entre 1 et 99 %.")),
        ({"result_recipient_email": "prof@"}, ("result_recipient_email", "L'e-mail du destinataire des résultats n'est pas valide.")),
        ({"convocation_email": "lea"}, ("convocation_email", "L'e-mail de convocation n'est pas valide.")),
        ({"billing_mode": ""}, ("billing_mode", "Veuillez indiquer la tarification part Pix (Gratuite, Payante ou Prépayée).")),
        ({"billing_mode": "GRATOS"}, ("billing_mode", "La tarification part Pix doit être Gratuite, Payante ou Prépayée.")),
        ({"billing_mode": BillingMode.PREPAID}, ("prepayment_code", "Veuillez indiquer le code de prépaiement.")),
        ({"prepayment_code": "ABC"}, ("prepayment_code", "Le code de prépaiement n'est possible qu'avec la tarification « Prépayée ».")),
        (
            {"billing_mode": BillingMode.PREPAID, "prepayment_code": "x" * 41},
            ("prepayment_code", "Le code de prépaiement ne doit pas dépasser 40 caractères."),
        ),
        ({"student_id": 1}, ("student_id", "Seul un établissement scolaire inscrit des élèves de sa liste.")),
    ],
)
def test_it_names_the_field_and_says_what_is_wrong(
    session: Session, overrides: dict[str, object], expected: tuple[str, str]
) -> None:
    assert _errors(session, **overrides) == [expected]


def test_it_accepts_the_extremes_of_extra_time_and_birthdate(session: Session) -> None:
    assert _errors(session, extra_time_percentage=1, birthdate=dt.date(1900, 1, 2)) == []
    assert _errors(session, extra_time_percentage=99) == []


def test_it_refuses_a_birthdate_in_the_future(session: Session) -> None:
    today = timezone.localdate()
    assert _errors(session, birthdate=today + dt.timedelta(days=1)) == [
        ("birthdate", "La date de naissance ne peut pas être dans le futur.")
    ]
    assert _errors(session, birthdate=today) == []


def test_it_reports_every_error_at_once(session: Session) -> None:
    errors = _errors(session, first_name="", last_name="", sex="", birthdate=None, billing_mode="", birth_insee_code="")
    assert [field for field, _message in errors] == [
        "last_name", "first_name", "sex", "birthdate", "billing_mode", "birth_insee_code"
    ]


@pytest.mark.parametrize(
    ("birthplace", "expected"),
    [
        ({"birth_insee_code": "", "birth_postal_code": "", "birth_city": ""},
         ("birth_insee_code", "Indiquez le lieu de naissance : le code Insee, ou le code postal et la commune.")),
        ({"birth_insee_code": "99999"}, ("birth_country", "Pour une naissance à l'étranger, indiquez le pays.")),
        ({"birth_insee_code": "12345"}, ("birth_insee_code", "Le code Insee « 12345 » ne correspond à aucune commune.")),
        ({"birth_insee_code": "", "birth_postal_code": "75001"}, ("birth_city", "Indiquez la commune de naissance.")),
        ({"birth_insee_code": "", "birth_city": "Paris"}, ("birth_postal_code", "Indiquez le code postal de la commune de naissance.")),
        ({"birth_insee_code": "", "birth_postal_code": "75001", "birth_city": "Lyon"},
         ("birth_city", "La commune « Lyon » ne correspond pas au code postal « 75001 ».")),
        ({"birth_insee_code": "", "birth_postal_code": "99000", "birth_city": "Paris"},
         ("birth_postal_code", "Le code postal « 99000 » n'existe pas.")),
        ({"birth_country": "Atlantide"}, ("birth_country", "Le pays « Atlantide » n'existe pas.")),
        ({"birth_insee_code": "", "birth_country": "Allemagne"}, ("birth_city", "Indiquez la commune de naissance à l'étranger.")),
    ],
)
def test_it_checks_the_birthplace(session: Session, birthplace: dict[str, str], expected: tuple[str, str]) -> None:
    BirthCountryFactory(insee_code="99109", name="ALLEMAGNE")
    assert _errors(session, **birthplace) == [expected]


def test_it_refuses_a_duplicate_but_not_the_candidate_being_edited(session: Session) -> None:
    existing = CandidateFactory(session=session, first_name="Léa", last_name="Dupont", birthdate=dt.date(2008, 3, 14))
    duplicate = [("last_name", "Ce candidat est déjà dans la liste, vous ne pouvez pas l'ajouter à nouveau.")]
    assert _errors(session, first_name="LÉA", last_name="du pont") == duplicate
    data = candidate_data(first_name="LÉA", last_name="du pont")
    assert candidate_data_errors(session=session, data=data, exclude_candidate_id=existing.pk) == []


class TestScoCentre:
    @pytest.fixture
    def sco_session(self, db: None) -> Session:
        # A school with a roster (issue 14: one without lists its candidates like SUP and PRO centres).
        school = ScoCentreFactory()
        StudentFactory(centre=school, last_name="AUTRE", first_name="Élève")
        return SessionFactory(centre=school)

    def _student_data(self, session: Session, **extra: object) -> CandidateData:
        student = StudentFactory(centre=session.centre, birth_insee_code="", birth_city="Ville inconnue")
        return CandidateData.from_student(student, **extra)

    def test_it_takes_the_rosters_birthplace_as_is(self, sco_session: Session) -> None:
        assert candidate_data_errors(session=sco_session, data=self._student_data(sco_session)) == []

    def test_it_requires_a_student(self, sco_session: Session) -> None:
        data = candidate_data(billing_mode="")
        assert candidate_data_errors(session=sco_session, data=data) == [
            ("student_id", "Un établissement scolaire n'inscrit que ses élèves : choisissez un élève de la liste.")
        ]

    def test_it_refuses_billing_for_a_school(self, sco_session: Session) -> None:
        data = self._student_data(sco_session, billing_mode=BillingMode.PAID)
        assert candidate_data_errors(session=sco_session, data=data) == [
            ("billing_mode", "La tarification part Pix ne concerne pas les établissements scolaires.")
        ]

    def test_it_refuses_another_schools_student(self, sco_session: Session) -> None:
        data = CandidateData.from_student(StudentFactory())
        assert candidate_data_errors(session=sco_session, data=data) == [
            ("student_id", "Cet élève n'appartient pas à votre établissement.")
        ]

    def test_it_refuses_a_student_who_left(self, sco_session: Session) -> None:
        student = StudentFactory(centre=sco_session.centre, is_active=False, first_name="Jean", last_name="VALJEAN")
        assert candidate_data_errors(session=sco_session, data=CandidateData.from_student(student)) == [
            ("student_id", "Jean VALJEAN ne fait plus partie de votre établissement.")
        ]

    def test_it_refuses_a_student_already_enrolled(self, sco_session: Session) -> None:
        student = StudentFactory(centre=sco_session.centre, first_name="Jean", last_name="VALJEAN")
        CandidateFactory(session=sco_session, student=student, first_name="Autre", last_name="Nom")
        assert candidate_data_errors(session=sco_session, data=CandidateData.from_student(student)) == [
            ("student_id", "Jean VALJEAN est déjà inscrit(e) à cette session.")
        ]

    def test_it_describes_a_student_born_abroad(self, db: None) -> None:
        student = StudentFactory(birth_country_code="109", birth_insee_code="", birth_city="Berlin")
        data = CandidateData.from_student(student, country_name="ALLEMAGNE")
        assert (data.birth_country, data.birth_insee_code, data.birth_city) == ("ALLEMAGNE", "99109", "Berlin")


def test_centre_types_other_than_sco_need_billing(db: None) -> None:
    BirthplaceCommuneFactory()
    session = SessionFactory(centre__type=CentreType.PRO)
    assert candidate_data_errors(session=session, data=candidate_data(billing_mode="")) == [
        ("billing_mode", "Veuillez indiquer la tarification part Pix (Gratuite, Payante ou Prépayée).")
    ]

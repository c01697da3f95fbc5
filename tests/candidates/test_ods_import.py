"""Replacing a session's candidates by an ODS « Liste des candidats » (DOMAIN.md §3)."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from candidates.models import BillingMode, Candidate
from candidates.services_ods import CandidateListError, candidates_replace_from_ods
from centres.models import CertificationCentre
from sessions_app.models import Session, SessionEvent, SessionStatus
from tests.candidates.factories import BirthCountryFactory, BirthplaceCommuneFactory, CandidateFactory
from tests.candidates.ods_files import (
    BIRTHDATE,
    FIRST_LINE,
    HEADERS,
    candidate_row,
    ods_bytes,
    ods_upload,
    upload,
    with_percentage_cell,
)
from tests.centres.factories import ScoCentreFactory, StudentFactory
from tests.sessions_app.factories import SessionFactory

NOW = dt.datetime(2031, 1, 20, 8, 30, tzinfo=dt.UTC)


@pytest.fixture
def session(centre: CertificationCentre) -> Session:
    BirthplaceCommuneFactory()  # Paris, 75056 / 75001
    BirthplaceCommuneFactory(insee_code="01053", postal_code="01000", name="Bourg-en-Bresse")
    BirthCountryFactory()
    BirthCountryFactory(insee_code="99109", name="ALLEMAGNE")
    return SessionFactory(centre=centre)


def _import(session: Session, rows: list[list[object]], by: User | None = None) -> list[Candidate]:
    return candidates_replace_from_ods(session=session, by=by, uploaded_file=ods_upload(rows), now=NOW)


def _refusal(session: Session, rows: list[list[object]]) -> list[str]:
    with pytest.raises(CandidateListError) as error:
        _import(session, rows)
    return error.value.errors


def test_it_replaces_the_whole_list_and_records_it(session: Session, admin: User) -> None:
    old = CandidateFactory(session=session, last_name="Ancien")
    rows = [
        candidate_row(),
        [],  # an empty row in the middle is ignored
        candidate_row(**{"* Nom de naissance": "Martin", "* Prénom": "Hugo", "* Sexe (M ou F)": "M",
                         "Identifiant local": "E-2", "Temps majoré ?": "33 %"}),
    ]
    created = _import(session, rows, by=admin)
    assert [(c.last_name, c.first_name) for c in session.candidates.all()] == [("Dupont", "Léa"), ("Martin", "Hugo")]
    assert not Candidate.objects.filter(pk=old.pk).exists()
    hugo = session.candidates.get(last_name="Martin")
    assert (hugo.sex, hugo.external_id, hugo.extra_time_percentage, hugo.birthdate) == ("M", "E-2", 33, BIRTHDATE)
    assert (hugo.birth_insee_code, hugo.birth_city, hugo.billing_mode) == ("75056", "Paris", BillingMode.FREE)
    assert len(created) == 2
    event = SessionEvent.objects.get(kind="candidates.imported")
    assert (event.actor, event.at, event.data) == (admin, NOW, {"count": 2, "replaced": 1})


def test_it_finds_the_header_row_under_any_title_block(session: Session) -> None:
    content = ods_bytes([candidate_row()], title=False)
    assert len(candidates_replace_from_ods(session=session, by=None, uploaded_file=upload(content))) == 1


@pytest.mark.parametrize("value", ["14/03/2008", "14/3/2008", dt.date(2008, 3, 14)])
def test_it_reads_a_birthdate_typed_as_text_or_as_a_date_cell(session: Session, value: object) -> None:
    _import(session, [candidate_row(**{"* Date de naissance (format : jj/mm/aaaa)": value})])
    assert session.candidates.get().birthdate == BIRTHDATE


@pytest.mark.parametrize("value", ["33", "33 %", "33%", 33, 0.33])
def test_it_reads_the_extra_time_as_a_percentage(session: Session, value: object) -> None:
    _import(session, [candidate_row(**{"Temps majoré ?": value})])
    assert session.candidates.get().extra_time_percentage == 33


def test_it_reads_a_percentage_cell(session: Session) -> None:
    content = with_percentage_cell(
        ods_bytes([candidate_row()]), row=FIRST_LINE - 1, column=HEADERS.index("Temps majoré ?"), value=0.33
    )
    candidates_replace_from_ods(session=session, by=None, uploaded_file=upload(content))
    assert session.candidates.get().extra_time_percentage == 33


def test_it_takes_no_extra_time_for_zero(session: Session) -> None:
    _import(session, [candidate_row(**{"Temps majoré ?": "0"})])
    assert session.candidates.get().extra_time_percentage is None


def test_it_left_pads_four_digit_codes_typed_as_numbers(session: Session) -> None:
    rows = [
        candidate_row(**{"Code Insee": 1053}),
        candidate_row(**{"* Prénom": "Zoé", "Code Insee": "", "Code postal": 1000, "Nom de la commune": "Bourg-en-Bresse"}),
    ]
    _import(session, rows)
    assert {(c.birth_insee_code, c.birth_city) for c in session.candidates.all()} == {("01053", "Bourg-en-Bresse")}


def test_it_reads_a_birth_abroad(session: Session) -> None:
    _import(session, [candidate_row(**{"Code Insee": "", "Pays": "Allemagne", "Nom de la commune": "Berlin"})])
    candidate = session.candidates.get()
    assert (candidate.birth_country, candidate.birth_insee_code, candidate.birth_city) == ("ALLEMAGNE", "99109", "Berlin")


@pytest.mark.parametrize(
    ("text", "mode", "code"),
    [("Gratuite", BillingMode.FREE, ""), ("PAYANTE", BillingMode.PAID, ""), ("prepayee", BillingMode.PREPAID, "PREPA-1")],
)
def test_it_reads_the_billing_mode(session: Session, text: str, mode: str, code: str) -> None:
    _import(session, [candidate_row(**{"Tarification part Pix": text, "Code de prépaiement": code})])
    candidate = session.candidates.get()
    assert (candidate.billing_mode, candidate.prepayment_code) == (mode, code)


LINE = FIRST_LINE


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ({"* Nom de naissance": ""}, f"Ligne {LINE}, « * Nom de naissance » : Veuillez indiquer un nom de naissance."),
        ({"* Prénom": " "}, f"Ligne {LINE}, « * Prénom » : Veuillez indiquer un prénom."),
        ({"* Sexe (M ou F)": ""}, f"Ligne {LINE}, « * Sexe (M ou F) » : Veuillez indiquer le sexe du candidat (M ou F)."),
        ({"* Sexe (M ou F)": "H"}, f"Ligne {LINE}, « * Sexe (M ou F) » : Le sexe doit être M ou F."),
        (
            {"* Date de naissance (format : jj/mm/aaaa)": ""},
            f"Ligne {LINE}, « * Date de naissance (format : jj/mm/aaaa) » : Veuillez indiquer une date de naissance.",
        ),
        (
            {"* Date de naissance (format : jj/mm/aaaa)": "2008-03-14"},
            f"Ligne {LINE}, « * Date de naissance (format : jj/mm/aaaa) » : La date « 2008-03-14 » n'est pas au format jj/mm/aaaa.",
        ),
        (
            {"* Date de naissance (format : jj/mm/aaaa)": "31/02/2008"},
            f"Ligne {LINE}, « * Date de naissance (format : jj/mm/aaaa) » : La date « 31/02/2008 » n'existe pas.",
        ),
        (
            {"* Date de naissance (format : jj/mm/aaaa)": "14/03/1890"},
            f"Ligne {LINE}, « * Date de naissance (format : jj/mm/aaaa) » : La date de naissance doit être postérieure au 01/01/1900.",
        ),
        (
            {"Temps majoré ?": "un tiers"},
            f"Ligne {LINE}, « Temps majoré ? » : Le temps majoré « un tiers » doit être un nombre entier de pourcents, par exemple 33.",
        ),
        (
            {"Temps majoré ?": "150"},
            f"Ligne {LINE}, « Temps majoré ? » : Le temps majoré doit être un nombre entier entre 1 et 99 %.",
        ),
        (
            {"Code Insee": "99999"},
            f"Ligne {LINE}, « Pays » : Pour une naissance à l'étranger, indiquez le pays.",
        ),
        (
            {"Code Insee": "75999"},
            f"Ligne {LINE}, « Code Insee » : Le code Insee « 75999 » ne correspond à aucune commune.",
        ),
        (
            {"Code Insee": "", "Code postal": "75001", "Nom de la commune": "Lyon"},
            f"Ligne {LINE}, « Nom de la commune » : La commune « Lyon » ne correspond pas au code postal « 75001 ».",
        ),
        (
            {"Code Insee": "", "Code postal": "69001", "Nom de la commune": "Lyon"},
            f"Ligne {LINE}, « Code postal » : Le code postal « 69001 » n'existe pas.",
        ),
        (
            {"Code Insee": ""},
            f"Ligne {LINE}, « Code Insee » : Indiquez le lieu de naissance : le code Insee, ou le code postal et la commune.",
        ),
        ({"Pays": "Atlantide"}, f"Ligne {LINE}, « Pays » : Le pays « Atlantide » n'existe pas."),
        (
            {"E-mail de convocation": "lea@"},
            f"Ligne {LINE}, « E-mail de convocation » : L'e-mail de convocation n'est pas valide.",
        ),
        (
            {"Tarification part Pix": ""},
            f"Ligne {LINE}, « Tarification part Pix » : Veuillez indiquer la tarification part Pix (Gratuite, Payante ou Prépayée).",
        ),
        (
            {"Tarification part Pix": "Gratos"},
            f"Ligne {LINE}, « Tarification part Pix » : La tarification part Pix doit être Gratuite, Payante ou Prépayée.",
        ),
        (
            {"Tarification part Pix": "Prépayée"},
            f"Ligne {LINE}, « Code de prépaiement » : Veuillez indiquer le code de prépaiement.",
        ),
        (
            {"Code de prépaiement": "PREPA-1"},
            f"Ligne {LINE}, « Code de prépaiement » : Le code de prépaiement n'est possible qu'avec la tarification « Prépayée ».",
        ),
    ],
)
def test_it_names_the_line_and_column_of_each_error_and_saves_nothing(
    session: Session, cells: dict[str, object], expected: str
) -> None:
    kept = CandidateFactory(session=session, last_name="Gardé")
    assert _refusal(session, [candidate_row(**cells)]) == [expected]
    assert list(session.candidates.all()) == [kept]
    assert not SessionEvent.objects.filter(kind="candidates.imported").exists()


def test_it_lists_every_error_of_every_row_at_once(session: Session) -> None:
    rows = [
        candidate_row(**{"* Nom de naissance": ""}),
        candidate_row(**{"* Prénom": "Hugo"}),  # a valid row among wrong ones: nothing saved either
        [],
        candidate_row(**{"* Prénom": "Zoé", "* Sexe (M ou F)": "X", "Tarification part Pix": ""}),
    ]
    errors = _refusal(session, rows)
    assert errors == [
        f"Ligne {LINE}, « * Nom de naissance » : Veuillez indiquer un nom de naissance.",
        f"Ligne {LINE + 3}, « * Sexe (M ou F) » : Le sexe doit être M ou F.",
        f"Ligne {LINE + 3}, « Tarification part Pix » : Veuillez indiquer la tarification part Pix (Gratuite, Payante ou Prépayée).",
    ]
    assert not session.candidates.exists()


def test_it_refuses_the_same_person_twice_in_the_file(session: Session) -> None:
    rows = [candidate_row(), candidate_row(**{"* Prénom": "Hugo"}), candidate_row(**{"* Prénom": "LEA", "* Nom de naissance": "du-pont"})]
    assert _refusal(session, rows) == [
        f"Ligne {LINE + 2}, « * Nom de naissance » : Ce candidat est déjà dans la liste, à la ligne {LINE} : "
        "vous ne pouvez pas l'ajouter à nouveau."
    ]


def test_it_accepts_a_current_candidate_again_since_the_list_is_replaced(session: Session) -> None:
    CandidateFactory(session=session, first_name="Léa", last_name="Dupont", birthdate=BIRTHDATE)
    _import(session, [candidate_row()])
    assert session.candidates.get().first_name == "Léa"


def test_it_runs_as_many_queries_for_100_rows_as_for_10(
    session: Session, centre: CertificationCentre, monkeypatch: pytest.MonkeyPatch
) -> None:
    if connection.vendor == "sqlite":
        # Django 5.2 assumes SQLite's old cap of 999 parameters a query and splits bulk_create every
        # ~50 candidates; the SQLite we run on takes far more (PostgreSQL has no such split).
        connection.ensure_connection()
        limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        monkeypatch.setattr(connection.features, "max_query_params", limit)
    birthplaces = [
        {"Code Insee": "75056"},
        {"Code Insee": "1053", "Pays": "France"},
        {"Code Insee": "", "Code postal": "01000", "Nom de la commune": "Bourg-en-Bresse"},
        {"Code Insee": "", "Pays": "Allemagne", "Nom de la commune": "Berlin"},
    ]

    def queries(count: int) -> int:
        target = SessionFactory(centre=centre)
        CandidateFactory.create_batch(3, session=target)  # replaced by the import
        rows = [candidate_row(**{"* Prénom": f"Prénom{i}", **birthplaces[i % 4]}) for i in range(count)]
        uploaded_file = ods_upload(rows)
        with CaptureQueriesContext(connection) as context:
            created = candidates_replace_from_ods(session=target, by=None, uploaded_file=uploaded_file, now=NOW)
        assert len(created) == count
        return len(context.captured_queries)

    assert queries(10) == queries(100)


def test_it_refuses_once_a_candidate_has_joined(session: Session, admin: User) -> None:
    joined = CandidateFactory(session=session, user=admin, joined_at=timezone.now())
    assert _refusal(session, [candidate_row()]) == ["Impossible d'importer la liste : un candidat a déjà rejoint la session."]
    assert list(session.candidates.all()) == [joined]


def test_it_refuses_a_finalised_session(session: Session) -> None:
    Session.objects.filter(pk=session.pk).update(status=SessionStatus.FINALISED)
    session.refresh_from_db()
    assert _refusal(session, [candidate_row()]) == [
        "La session est finalisée : il n'est plus possible d'importer la liste des candidats."
    ]


def test_it_refuses_a_started_session(session: Session) -> None:
    Session.objects.filter(pk=session.pk).update(started_at=NOW)
    session.refresh_from_db()
    assert _refusal(session, [candidate_row()]) == ["Impossible d'importer la liste : la session a déjà commencé."]


def test_it_refuses_the_import_to_a_school_with_a_roster(db: None) -> None:
    school = ScoCentreFactory()
    StudentFactory(centre=school)
    school_session = SessionFactory(centre=school)
    assert _refusal(school_session, [candidate_row()]) == [
        "Un établissement scolaire qui gère ses élèves n'importe pas de liste de candidats : il inscrit ses élèves "
        "depuis la liste des élèves."
    ]


def test_a_school_without_a_roster_imports_the_schools_twelve_column_template(db: None) -> None:
    BirthplaceCommuneFactory()
    BirthCountryFactory()
    BirthCountryFactory(insee_code="99350", name="MAROC")
    school_session = SessionFactory(centre=ScoCentreFactory(name="Lycée français de Rabat"))
    rows = [
        candidate_row()[:12],
        candidate_row(**{"* Prénom": "Yanis", "Code Insee": "", "Pays": "Maroc", "Nom de la commune": "Rabat"})[:12],
    ]
    upload_file = upload(ods_bytes(rows, headers=HEADERS[:12]))
    created = candidates_replace_from_ods(session=school_session, by=None, uploaded_file=upload_file, now=NOW)
    assert [(c.first_name, c.student_id, c.billing_mode, c.birth_insee_code) for c in created] == [
        ("Léa", None, "", "75056"),
        ("Yanis", None, "", "99350"),
    ]

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from centres.models import CertificationCentre, Derogation
from pixcertif.lib.codes import ACCESS_CODE_DIGITS, ACCESS_CODE_LETTERS, PASSWORD_ALPHABET
from sessions_app.models import Session, SessionEvent, SessionStatus
from sessions_app.services import SessionError, session_create
from tests.centres.factories import CalendarWindowFactory, MembershipFactory, ScoCentreFactory

PARIS = ZoneInfo("Europe/Paris")
NOW = dt.datetime(2031, 1, 20, 8, 30, tzinfo=dt.UTC)
FIELDS = {
    "address": "Lycée Victor Hugo, 12 rue des Écoles",
    "room": "Salle B12",
    "date": dt.date(2031, 2, 3),
    "time": dt.time(9, 30),
    "supervisors": "Mme Durand, M. Petit",
}
OUT_OF_WINDOW = (
    "La date de la session doit être comprise dans la période de certification de votre établissement "
    "(du 11/01/2031 au 20/05/2031)."
)


@pytest.fixture
def lycee(db: None) -> CertificationCentre:
    CalendarWindowFactory(sco_subtype="lycee")  # 2031-01-11 → 2031-05-20
    return ScoCentreFactory()


def test_it_creates_a_session_with_its_information(centre: CertificationCentre, admin: User) -> None:
    session = session_create(centre=centre, by=admin, now=NOW, description="Prévoir des casques", **FIELDS)
    session.refresh_from_db()
    assert session.centre == centre
    assert (session.address, session.room, session.date, session.time) == (
        FIELDS["address"], FIELDS["room"], FIELDS["date"], FIELDS["time"],
    )
    assert session.supervisor_names == ["Mme Durand", "M. Petit"]
    assert session.description == "Prévoir des casques"
    assert session.status == SessionStatus.CREATED
    assert session.created_by == admin
    assert session.created_at == NOW == session.updated_at
    assert session.started_at is None


def test_it_generates_an_access_code_and_a_session_password(centre: CertificationCentre, admin: User) -> None:
    session = session_create(centre=centre, by=admin, now=NOW, **FIELDS)
    assert re.fullmatch(rf"[{ACCESS_CODE_LETTERS}]{{4}}[{ACCESS_CODE_DIGITS}]{{2}}", session.access_code)
    assert re.fullmatch(rf"[{PASSWORD_ALPHABET}]{{8}}", session.supervisor_password)
    assert session.password_display == "C-" + session.supervisor_password


def test_it_gives_each_session_new_codes(centre: CertificationCentre, admin: User) -> None:
    sessions = [session_create(centre=centre, by=admin, now=NOW, **FIELDS) for _ in range(10)]
    assert len({s.supervisor_password for s in sessions}) == 10
    assert len({s.access_code for s in sessions}) > 1


def test_it_is_due_for_finalisation_48_hours_after_its_local_start(centre: CertificationCentre, admin: User) -> None:
    session = session_create(centre=centre, by=admin, now=NOW, **FIELDS)
    # 09:30 in Paris in winter is 08:30 UTC.
    assert session.starts_at == dt.datetime(2031, 2, 3, 9, 30, tzinfo=PARIS)
    assert session.finalisation_due_at == dt.datetime(2031, 2, 5, 8, 30, tzinfo=dt.UTC)


def test_it_counts_48_real_hours_across_a_clock_change(centre: CertificationCentre, admin: User) -> None:
    # Clocks go forward on Sunday 30 March 2031: the deadline is still 48 elapsed hours later.
    fields = {**FIELDS, "date": dt.date(2031, 3, 29), "time": dt.time(9, 0)}
    session = session_create(centre=centre, by=admin, now=NOW, **fields)
    session.refresh_from_db()
    assert session.finalisation_due_at - session.starts_at == dt.timedelta(hours=48)
    assert session.finalisation_due_at == dt.datetime(2031, 3, 31, 8, 0, tzinfo=dt.UTC)


def test_it_records_who_created_the_session(centre: CertificationCentre, admin: User) -> None:
    session = session_create(centre=centre, by=admin, now=NOW, **FIELDS)
    event = SessionEvent.objects.get(session=session)
    assert (event.kind, event.actor, event.at, event.session_number, event.centre) == (
        "session.created", admin, NOW, session.pk, centre,
    )


def test_it_has_no_calendar_for_a_sup_centre(centre: CertificationCentre, admin: User) -> None:
    CalendarWindowFactory(sco_subtype="lycee")
    session = session_create(centre=centre, by=admin, now=NOW, **{**FIELDS, "date": dt.date(2031, 8, 15)})
    assert session.pk


def test_it_accepts_a_date_inside_the_sco_window(lycee: CertificationCentre) -> None:
    for day in (dt.date(2031, 1, 11), dt.date(2031, 5, 20)):
        assert session_create(centre=lycee, by=None, now=NOW, **{**FIELDS, "date": day}).pk


def test_it_refuses_a_date_outside_the_sco_window_in_french(lycee: CertificationCentre) -> None:
    with pytest.raises(SessionError) as error:
        session_create(centre=lycee, by=None, now=NOW, **{**FIELDS, "date": dt.date(2031, 5, 21)})
    assert error.value.message == OUT_OF_WINDOW
    assert error.value.field == "date"
    assert not Session.objects.exists()
    assert not SessionEvent.objects.exists()


def test_it_refuses_a_date_when_no_window_is_open_that_year(lycee: CertificationCentre) -> None:
    with pytest.raises(SessionError, match="Aucune période de certification n'est ouverte"):
        session_create(centre=lycee, by=None, now=NOW, **{**FIELDS, "date": dt.date(2035, 3, 1)})


def test_it_only_uses_the_window_of_the_centre_kind_of_school(lycee: CertificationCentre) -> None:
    CalendarWindowFactory(sco_subtype="college", sessions_start=dt.date(2031, 6, 1), sessions_end=dt.date(2031, 6, 30))
    with pytest.raises(SessionError):
        session_create(centre=lycee, by=None, now=NOW, **{**FIELDS, "date": dt.date(2031, 6, 10)})


def test_it_lets_a_derogation_extend_the_window(lycee: CertificationCentre) -> None:
    Derogation.objects.create(
        centre=lycee, starts_on=dt.date(2031, 5, 21), ends_on=dt.date(2031, 5, 28), reason="Dérogation académique"
    )
    assert session_create(centre=lycee, by=None, now=NOW, **{**FIELDS, "date": dt.date(2031, 5, 28)}).pk
    with pytest.raises(SessionError):
        session_create(centre=lycee, by=None, now=NOW, **{**FIELDS, "date": dt.date(2031, 5, 29)})


def test_it_does_not_let_another_centre_derogation_count(lycee: CertificationCentre) -> None:
    other = ScoCentreFactory()
    Derogation.objects.create(
        centre=other, starts_on=dt.date(2031, 5, 21), ends_on=dt.date(2031, 5, 28), reason="Pour un autre"
    )
    with pytest.raises(SessionError):
        session_create(centre=lycee, by=None, now=NOW, **{**FIELDS, "date": dt.date(2031, 5, 25)})


# --- the page ---------------------------------------------------------------------------------

URL = "/sessions/creer/"
POST = {"address": "Site A", "room": "Salle 1", "date": "2031-02-03", "time": "09:30", "supervisors": "Mme Durand"}


def test_it_shows_the_creation_form(member_client: Client) -> None:
    response = member_client.get(URL)
    assert response.status_code == 200
    for label in ("Nom du site", "Nom de la salle", "Date de début", "Heure de début (heure locale)", "Surveillant(s)"):
        assert label in response.content.decode()


def test_it_creates_the_session_and_shows_it(member_client: Client, centre: CertificationCentre, member: User) -> None:
    response = member_client.post(URL, POST)
    session = Session.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("sessions_app:session_detail", args=[session.pk])
    assert session.centre == centre
    assert session.created_by == member
    assert session.supervisors == "Mme Durand"


def test_it_shows_the_french_required_messages_next_to_their_field(member_client: Client) -> None:
    response = member_client.post(URL, {})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {
        "address": ["Veuillez indiquer un nom de site."],
        "room": ["Veuillez indiquer un nom de salle."],
        "date": ["Veuillez indiquer une date de début."],
        "time": ["Veuillez indiquer une heure de début."],
        "supervisors": ["Veuillez indiquer un(e) surveillant(e)."],
    }
    html = response.content.decode()
    for message in (
        "Veuillez indiquer un nom de site.", "Veuillez indiquer un nom de salle.", "Veuillez indiquer une date de début.",
        "Veuillez indiquer une heure de début.", "Veuillez indiquer un(e) surveillant(e).",
    ):
        assert message in html
    assert not Session.objects.exists()


def test_it_treats_blank_text_as_missing(member_client: Client) -> None:
    response = member_client.post(URL, {**POST, "address": "   ", "supervisors": " "})
    assert response.context["form"].errors["address"] == ["Veuillez indiquer un nom de site."]
    assert response.context["form"].errors["supervisors"] == ["Veuillez indiquer un(e) surveillant(e)."]


def test_it_refuses_observations_over_350_characters(member_client: Client) -> None:
    response = member_client.post(URL, {**POST, "description": "x" * 351})
    assert response.status_code == 200
    assert "description" in response.context["form"].errors
    assert not Session.objects.exists()


def test_it_shows_the_calendar_refusal_next_to_the_date(client: Client, admin: User) -> None:
    CalendarWindowFactory(sco_subtype="lycee")
    lycee = ScoCentreFactory()
    MembershipFactory(centre=lycee, user=admin)
    client.force_login(admin)
    client.post("/centre/changer/", {"centre": lycee.pk})
    response = client.post(URL, {**POST, "date": "2031-07-01"})
    assert response.status_code == 200
    assert response.context["form"].errors["date"] == [OUT_OF_WINDOW]
    assert not Session.objects.filter(centre=lycee).exists()


def test_it_normalises_spaces_in_the_text_fields(member_client: Client) -> None:
    member_client.post(URL, {**POST, "address": "  Site   A ", "room": "Salle\t1", "supervisors": " Mme  Durand "})
    session = Session.objects.get()
    assert (session.address, session.room, session.supervisors) == ("Site A", "Salle 1", "Mme Durand")


from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from accounts.models import User
from centres.models import CertificationCentre, Derogation, ScoSubtype
from centres.selectors import certification_window_error
from tests.centres.factories import CalendarWindowFactory, MembershipFactory, ScoCentreFactory


@pytest.fixture
def lycee(admin: User) -> CertificationCentre:
    centre = ScoCentreFactory(name="Lycée Voltaire")
    MembershipFactory(centre=centre, user=admin)
    return centre


def test_it_tells_a_sup_centre_it_certifies_all_year(admin_client: Client) -> None:
    response = admin_client.get("/centre/calendrier/")
    assert response.status_code == 200
    assert "Votre centre peut organiser des sessions de certification toute l" in response.content.decode()


def test_it_shows_a_school_the_windows_of_its_kind_and_its_derogations(admin_client: Client, lycee: CertificationCentre) -> None:
    CalendarWindowFactory(sco_subtype=ScoSubtype.LYCEE)
    CalendarWindowFactory(sco_subtype=ScoSubtype.COLLEGE, sessions_start=dt.date(2031, 3, 8), sessions_end=dt.date(2031, 5, 12))
    Derogation.objects.create(centre=lycee, starts_on=dt.date(2031, 5, 21), ends_on=dt.date(2031, 5, 28), reason="Académie")
    admin_client.post("/centre/changer/", {"centre": lycee.pk})
    html = admin_client.get("/centre/calendrier/").content.decode()
    assert "11/01/2031" in html and "20/05/2031" in html
    assert "08/03/2031" not in html  # the collèges' window
    assert "11/01/2021" in html  # the FAQ's 2020-21 calendar, loaded as data
    assert "Du 21/05/2031 au 28/05/2031 : Académie" in html


def test_it_keeps_the_faq_calendar_as_data(lycee: CertificationCentre) -> None:
    assert certification_window_error(lycee, dt.date(2021, 5, 20)) is None
    assert certification_window_error(lycee, dt.date(2021, 1, 10)) == (
        "La date de la session doit être comprise dans la période de certification de votre établissement "
        "(du 11/01/2021 au 20/05/2021)."
    )
    college = ScoCentreFactory(sco_subtype=ScoSubtype.COLLEGE)
    assert certification_window_error(college, dt.date(2021, 3, 8)) is None
    assert certification_window_error(college, dt.date(2021, 5, 13)) is not None

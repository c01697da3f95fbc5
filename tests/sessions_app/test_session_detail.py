from __future__ import annotations

import datetime as dt
import html as html_module

from django.test import Client

from accounts.models import User
from centres.models import CertificationCentre
from sessions_app.models import Session, SessionStatus
from sessions_app.services import session_create, session_update
from tests.candidates.factories import CandidateFactory
from tests.sessions_app.factories import SessionFactory

NOW = dt.datetime(2031, 1, 20, 8, 30, tzinfo=dt.UTC)


def test_it_shows_the_access_code_and_the_c_password(member_client: Client, centre: CertificationCentre) -> None:
    session = SessionFactory(centre=centre, access_code="KBPM47", supervisor_password="7K9D2MXB")
    response = member_client.get(f"/sessions/{session.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "KBPM47" in html
    assert "C-7K9D2MXB" in html
    assert f"Session n° {session.pk}" in html


def test_it_shows_the_information_and_the_history(
    member_client: Client, centre: CertificationCentre, admin: User
) -> None:
    session = session_create(
        centre=centre, by=admin, now=NOW, address="Site Nord", room="Amphi A", date=dt.date(2031, 2, 3),
        time=dt.time(9, 30), supervisors="Mme Durand",
    )
    session_update(session=session, by=admin, now=NOW, room="Amphi B")
    html = member_client.get(f"/sessions/{session.pk}/").content.decode()
    for text in ("Site Nord", "Amphi B", "09:30", "Mme Durand", "Session créée", "Session modifiée", "05/02/2031 à 09:30"):
        assert text in html


def test_it_warns_when_there_are_too_few_supervisors(member_client: Client, centre: CertificationCentre) -> None:
    session = SessionFactory(centre=centre, supervisors="Mme Durand")
    CandidateFactory.create_batch(21, session=session)
    html = member_client.get(f"/sessions/{session.pk}/").content.decode()
    assert "Pas assez de surveillants" in html
    assert "Avec 21 candidats, prévoyez au moins 2 surveillants" in html


def test_it_does_not_warn_with_one_supervisor_per_twenty(member_client: Client, centre: CertificationCentre) -> None:
    session = SessionFactory(centre=centre, supervisors="Mme Durand, M. Petit")
    CandidateFactory.create_batch(21, session=session)
    assert "Pas assez de surveillants" not in member_client.get(f"/sessions/{session.pk}/").content.decode()


def test_it_offers_edit_postpone_and_delete_only_when_allowed(member_client: Client, centre: CertificationCentre) -> None:
    session = SessionFactory(centre=centre)
    html = member_client.get(f"/sessions/{session.pk}/").content.decode()
    for url in ("modifier/", "reporter/", "supprimer/"):
        assert f"/sessions/{session.pk}/{url}" in html
    Session.objects.filter(pk=session.pk).update(status=SessionStatus.FINALISED)
    html = member_client.get(f"/sessions/{session.pk}/").content.decode()
    for url in ("modifier/", "reporter/", "supprimer/"):
        assert f"/sessions/{session.pk}/{url}" not in html


def test_the_staff_admin_shows_the_history_in_french(client: Client, centre: CertificationCentre, admin: User) -> None:
    session = session_create(
        centre=centre, by=admin, now=NOW, address="Site Nord", room="Amphi A", date=dt.date(2031, 2, 3),
        time=dt.time(9, 30), supervisors="Mme Durand",
    )
    session_update(session=session, by=admin, now=NOW, room="Amphi B")
    client.force_login(User.objects.create_user("chef@pix.fr", "x", is_staff=True, is_superuser=True))
    html = client.get(f"/admin/sessions_app/session/{session.pk}/change/").content.decode()
    history = html.split("Journal de la session")[1]
    assert "Session créée" in history and "Session modifiée" in history
    # The data as « Libellé : valeur », not the JSON: {"changes": {"room": ["Amphi A", "Amphi B"]}}.
    assert "Modifications : Nom de la salle : Amphi A → Amphi B" in html_module.unescape(history)
    assert '"changes"' not in history and "&quot;changes&quot;" not in history and "{&quot;" not in history


def test_the_event_list_of_the_admin_reads_in_french(client: Client, centre: CertificationCentre, admin: User) -> None:
    session = session_create(
        centre=centre, by=admin, now=NOW, address="Site Nord", room="Amphi A", date=dt.date(2031, 2, 3),
        time=dt.time(9, 30), supervisors="Mme Durand",
    )
    session_update(session=session, by=admin, now=NOW, room="Amphi B")
    client.force_login(User.objects.create_user("chef@pix.fr", "x", is_staff=True, is_superuser=True))
    listing = html_module.unescape(client.get("/admin/sessions_app/sessionevent/").content.decode())
    rows = listing.split("<tbody>")[1].split("</tbody>")[0]
    assert "Session modifiée" in rows and "session.updated" not in rows
    assert "?kind=session.updated" in listing  # the filter, by its French label
    event = session.events.get(kind="session.updated")
    page = html_module.unescape(client.get(f"/admin/sessions_app/sessionevent/{event.pk}/change/").content.decode())
    assert "Modifications : Nom de la salle : Amphi A → Amphi B" in page

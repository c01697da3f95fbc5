"""The live page of the supervisor portal: header, candidate table, htmx polling, constant queries."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from finalisation.models import IssueSource
from finalisation.services import issue_report_record
from sessions_app.models import Session, SessionStatus
from tests.accounts.factories import UserFactory
from tests.candidates.factories import CandidateFactory
from tests.certification.factories import course_by_hand
from tests.sessions_app.factories import SessionFactory
from tests.supervision.conftest import open_portal

START = timezone.make_aware(dt.datetime(2024, 3, 12, 9, 5))  # Paris time


def _page(client: Client, url: str, **headers: str) -> str:
    response = client.get(url, headers=headers)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def _started(session: Session, *, first_name: str, last_name: str, answered: int, total: int, extra: int | None = None) -> None:
    candidate = CandidateFactory(
        session=session, first_name=first_name, last_name=last_name, user=UserFactory(), extra_time_percentage=extra
    )
    course = course_by_hand(
        candidate=candidate,
        positions={"1.1": (2, 16)},
        questions=[("1.1", "ok" if i < answered else None, False) for i in range(total)],
        started_at=START,
    )
    course.extra_time_percentage = extra
    course.save()


def test_it_shows_the_session_and_its_candidates(portal: Client, session: Session) -> None:
    CandidateFactory(session=session, first_name="Hugo", last_name="Martin", birthdate=dt.date(2007, 5, 2))
    _started(session, first_name="Léa", last_name="Dupont", answered=12, total=45, extra=33)
    page = _page(portal, f"/surveillance/sessions/{session.pk}/")
    for text in (
        f"Session n° {session.pk}", "Lycée Victor Hugo", "Salle 12", "09:00", "Accès ouvert",
        "Fermer l'accès à la session", "2 candidats inscrits, 1 entré en test.",
        "Martin", "Hugo", "02/05/2007", "Non démarré", "Confirmer la présence",
        "Dupont", "Léa", "33 %", "En cours", "12 / 45", "09:05",
        "Autoriser la reprise du test", "Terminer le test", "Signaler un incident",
    ):
        assert text in page, text
    # Theoretical end: 9:05 + 1 h 45 × 1.33 = 9:05 + 139 min 39 s → 11:24.
    assert "11:24" in page
    assert 'hx-trigger="every 5s"' in page
    assert f'hx-get="/surveillance/sessions/{session.pk}/en-direct/"' in page
    assert "django_htmx/htmx-2.min.js" in page and "pixcertif/supervision.js" in page
    assert "<script>" not in page  # no inline script (Content-Security-Policy)


def _counters(client: Client, session: Session) -> str:
    page = _page(client, f"/surveillance/sessions/{session.pk}/en-direct/")
    found = re.search(r'id="compteurs">(.*?)</p>', page, flags=re.DOTALL)
    assert found
    return " ".join(found.group(1).split())


def test_its_counters_agree_with_each_number(portal: Client, session: Session) -> None:
    assert _counters(portal, session) == "Aucun candidat inscrit."
    CandidateFactory(session=session)
    assert _counters(portal, session) == "1 candidat inscrit, aucun entré en test."
    _started(session, first_name="Léa", last_name="Dupont", answered=1, total=3)
    assert _counters(portal, session) == "2 candidats inscrits, 1 entré en test."
    _started(session, first_name="Hugo", last_name="Martin", answered=1, total=3)
    assert _counters(portal, session) == "3 candidats inscrits, 2 entrés en test."


def test_it_shows_a_finished_test_and_no_action_on_it(portal: Client, session: Session) -> None:
    _started(session, first_name="Léa", last_name="Dupont", answered=3, total=3)
    session.courses.update(status="completed")
    page = _page(portal, f"/surveillance/sessions/{session.pk}/en-direct/")
    assert "Terminé" in page and "3 / 3" in page
    assert "Terminer le test" not in page and "Autoriser la reprise" not in page and "Confirmer la présence" not in page


def test_it_answers_the_live_part_alone_to_htmx(portal: Client, session: Session) -> None:
    CandidateFactory(session=session, first_name="Hugo", last_name="Martin")
    page = _page(portal, f"/surveillance/sessions/{session.pk}/en-direct/", HX_Request="true")
    assert "Hugo" in page and "Accès ouvert" in page
    assert "<html" not in page and "<header" not in page and "hx-trigger" not in page


def test_it_does_not_eat_the_flash_messages_when_polling(portal: Client, session: Session) -> None:
    candidate = CandidateFactory(session=session)
    portal.post(f"/surveillance/sessions/{session.pk}/candidats/{candidate.pk}/confirmer-presence/")
    _page(portal, f"/surveillance/sessions/{session.pk}/en-direct/", HX_Request="true")
    assert "Présence de" in _page(portal, f"/surveillance/sessions/{session.pk}/")


@pytest.mark.parametrize("page", ["", "en-direct/"])
def test_it_reads_the_same_number_of_queries_for_2_or_30_candidates(
    portal: Client, session: Session, page: str
) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            _page(portal, f"/surveillance/sessions/{session.pk}/{page}")
        return len(queries)

    for i in range(2):
        _started(session, first_name=f"A{i}", last_name="Début", answered=1, total=3)
    issue_report_record(
        candidate=session.candidates.first(), code="C6", question_number=None, description="", by=None, source=IssueSource.LIVE
    )
    few = count()
    for i in range(14):
        _started(session, first_name=f"B{i}", last_name="Suite", answered=2, total=4, extra=33)
        CandidateFactory(session=session, authorized_to_start_until=timezone.now() + dt.timedelta(minutes=5))
    for candidate in session.candidates.all()[:10]:
        issue_report_record(
            candidate=candidate, code="E1", question_number=2, description="", by=None, source=IssueSource.LIVE
        )
    assert session.candidates.count() == 30
    assert count() == few


def test_it_shows_the_incidents_recorded(portal: Client, session: Session, supervisor: User) -> None:
    candidate = CandidateFactory(session=session, first_name="Léa", last_name="Dupont")
    issue_report_record(
        candidate=candidate, code="E4", question_number=17, description="", by=supervisor, source=IssueSource.LIVE
    )
    page = _page(portal, f"/surveillance/sessions/{session.pk}/")
    text = " ".join(re.sub(r"<[^>]+>", "", page).split())
    assert "Signaler un incident pour Léa Dupont (1)" in text
    assert "E4 Le site à visiter est indisponible ou en maintenance (question 17)" in text


def test_it_shows_a_finalised_session_read_only(portal: Client, session: Session) -> None:
    CandidateFactory(session=session)
    session.status = SessionStatus.FINALISED
    session.save()
    page = _page(portal, f"/surveillance/sessions/{session.pk}/")
    assert "Session finalisée" in page
    assert "Confirmer la présence" not in page and "Fermer l'accès" not in page


class TestAccess:
    """Only the browser session that typed the password gets in; everyone else gets 404."""

    URLS = ["", "en-direct/", "fermer-acces/"]

    @pytest.mark.parametrize("suffix", URLS)
    def test_it_hides_the_session_from_a_user_who_did_not_type_the_password(
        self, supervisor_client: Client, session: Session, suffix: str
    ) -> None:
        assert supervisor_client.post(f"/surveillance/sessions/{session.pk}/{suffix}").status_code == 404
        assert session.__class__.objects.get(pk=session.pk).admissions_closed_at is None

    def test_it_hides_it_from_the_centre_admin_too(self, admin_client: Client, session: Session) -> None:
        assert admin_client.get(f"/surveillance/sessions/{session.pk}/").status_code == 404

    def test_it_hides_another_session_than_the_one_opened(self, portal: Client, session: Session) -> None:
        other = SessionFactory(centre=session.centre)
        candidate = CandidateFactory(session=other)
        assert portal.get(f"/surveillance/sessions/{other.pk}/").status_code == 404
        # A candidate of another session through the opened one's URL.
        url = f"/surveillance/sessions/{session.pk}/candidats/{candidate.pk}/"
        assert portal.post(url + "confirmer-presence/").status_code == 404
        assert portal.get(url + "incidents/").status_code == 404
        candidate.refresh_from_db()
        assert candidate.authorized_to_start_until is None

    def test_it_forgets_the_session_at_logout(self, portal: Client, session: Session, supervisor: User) -> None:
        portal.post("/deconnexion/")
        portal.force_login(supervisor)
        assert portal.get(f"/surveillance/sessions/{session.pk}/").status_code == 404
        open_portal(portal, session)
        assert portal.get(f"/surveillance/sessions/{session.pk}/").status_code == 200

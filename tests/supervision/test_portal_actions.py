"""The supervisor's actions from the portal: each a POST, its message, then back to the live page."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.test import Client
from django.utils import timezone

from candidates.models import Candidate
from certification.models import CertificationCourse, CourseStatus
from finalisation.models import IssueReport
from sessions_app.models import Session, SessionStatus
from tests.accounts.factories import UserFactory
from tests.candidates.factories import CandidateFactory
from tests.certification.factories import course_by_hand


def _url(session: Session, candidate: Candidate, action: str) -> str:
    return f"/surveillance/sessions/{session.pk}/candidats/{candidate.pk}/{action}/"


def _post(client: Client, url: str, data: dict[str, object] | None = None) -> str:
    """POST, check the redirect to the portal, return the page it leads to (with its messages)."""
    response = client.post(url, data or {}, follow=True)
    assert response.redirect_chain, "expected a redirect (POST/redirect/GET)"
    return html.unescape(response.content.decode())


@pytest.fixture
def candidate(session: Session) -> Candidate:
    return CandidateFactory(session=session, first_name="Léa", last_name="Dupont")


@pytest.fixture
def course(candidate: Candidate) -> CertificationCourse:
    candidate.user = UserFactory()
    candidate.save()
    return course_by_hand(candidate=candidate, positions={"1.1": (2, 16)}, questions=[("1.1", None, False)])


class TestPresence:
    def test_it_confirms_then_cancels_a_presence(self, portal: Client, session: Session, candidate: Candidate) -> None:
        page = _post(portal, _url(session, candidate, "confirmer-presence"))
        assert "Présence de Léa Dupont confirmée : le candidat a 15 minutes pour saisir le code d'accès." in page
        assert "Présence confirmée jusqu'à" in page and "Annuler la présence" in page
        candidate.refresh_from_db()
        assert candidate.authorized_to_start_until is not None
        assert candidate.authorized_to_start_until > timezone.now() + dt.timedelta(minutes=14)

        page = _post(portal, _url(session, candidate, "annuler-presence"))
        assert "Présence de Léa Dupont annulée." in page
        candidate.refresh_from_db()
        assert candidate.authorized_to_start_until is None

    def test_it_shows_an_expired_presence_as_not_confirmed(self, portal: Client, session: Session, candidate: Candidate) -> None:
        candidate.authorized_to_start_until = timezone.now() - dt.timedelta(seconds=1)
        candidate.save()
        page = html.unescape(portal.get(f"/surveillance/sessions/{session.pk}/en-direct/").content.decode())
        assert "Présence confirmée" not in page and "Confirmer la présence" in page

    def test_it_refuses_a_presence_once_access_is_closed(self, portal: Client, session: Session, candidate: Candidate) -> None:
        page = _post(portal, f"/surveillance/sessions/{session.pk}/fermer-acces/")
        assert "L'accès à la session est fermé : aucune nouvelle présence ne peut être confirmée." in page
        assert "Accès fermé" in page and "Confirmer la présence" not in page
        page = _post(portal, _url(session, candidate, "confirmer-presence"))
        assert "fr-alert--error" in page
        candidate.refresh_from_db()
        assert candidate.authorized_to_start_until is None

    def test_it_refuses_a_presence_in_a_finalised_session(self, portal: Client, session: Session, candidate: Candidate) -> None:
        Session.objects.filter(pk=session.pk).update(status=SessionStatus.FINALISED)
        page = _post(portal, _url(session, candidate, "confirmer-presence"))
        assert "La session est finalisée : les présences ne peuvent plus être modifiées." in page

    @pytest.mark.parametrize("action", ["confirmer-presence", "annuler-presence", "autoriser-reprise", "terminer"])
    def test_it_takes_no_get(self, portal: Client, session: Session, candidate: Candidate, action: str) -> None:
        assert portal.get(_url(session, candidate, action)).status_code == 405


class TestCloseAccess:
    def test_it_closes_access_once(self, portal: Client, session: Session) -> None:
        _post(portal, f"/surveillance/sessions/{session.pk}/fermer-acces/")
        session.refresh_from_db()
        closed_at = session.admissions_closed_at
        assert closed_at is not None
        _post(portal, f"/surveillance/sessions/{session.pk}/fermer-acces/")
        session.refresh_from_db()
        assert session.admissions_closed_at == closed_at

    def test_it_asks_for_confirmation_first(self, portal: Client, session: Session) -> None:
        page = html.unescape(portal.get(f"/surveillance/sessions/{session.pk}/").content.decode())
        assert 'data-confirm="Fermer l’accès à la session ?' in page


class TestResumeAndEnd:
    def test_it_authorises_the_resume_of_a_running_test(
        self, portal: Client, session: Session, candidate: Candidate, course: CertificationCourse
    ) -> None:
        page = _post(portal, _url(session, candidate, "autoriser-reprise"))
        assert "Reprise du test autorisée pour Léa Dupont" in page
        assert "Reprise autorisée jusqu'à" in page
        course.refresh_from_db()
        assert course.resume_authorised_until is not None

    def test_it_ends_a_test_irreversibly(
        self, portal: Client, session: Session, candidate: Candidate, course: CertificationCourse
    ) -> None:
        page = html.unescape(portal.get(f"/surveillance/sessions/{session.pk}/").content.decode())
        assert "Terminer le test de Léa Dupont ? Cette action est irréversible" in page
        page = _post(portal, _url(session, candidate, "terminer"))
        assert "Le test de Léa Dupont est terminé." in page
        course.refresh_from_db()
        assert course.status == CourseStatus.ENDED_BY_SUPERVISOR
        page = _post(portal, _url(session, candidate, "terminer"))
        assert "Ce test est déjà terminé." in page
        page = _post(portal, _url(session, candidate, "autoriser-reprise"))
        assert "Ce test est terminé : sa reprise ne peut pas être autorisée." in page

    @pytest.mark.parametrize("action", ["autoriser-reprise", "terminer"])
    def test_it_refuses_for_a_candidate_who_has_not_started(
        self, portal: Client, session: Session, candidate: Candidate, action: str
    ) -> None:
        assert "Ce candidat n'a pas commencé son test." in _post(portal, _url(session, candidate, action))


class TestIncidents:
    def test_it_shows_the_form_and_the_codes(self, portal: Client, session: Session, candidate: Candidate) -> None:
        page = html.unescape(portal.get(_url(session, candidate, "incidents")).content.decode())
        for text in ("Signaler un incident pour Léa Dupont", "C1 — Modification des prénom/nom/date de naissance",
                     "E12 — Problème d'accessibilité de la question", "Numéro de la question", "Description",
                     "Aucun incident signalé pour ce candidat."):
            assert text in page, text

    def test_it_records_an_incident_live(self, portal: Client, session: Session, candidate: Candidate) -> None:
        page = _post(portal, _url(session, candidate, "incidents"), {"code": "E4", "question_number": "17", "description": ""})
        assert "Incident E4 enregistré pour Léa Dupont." in page
        assert "E4 Le site à visiter est indisponible ou en maintenance (question 17)" in re.sub(r"<[^>]+>", "", page)
        report = IssueReport.objects.get()
        assert (report.candidate, report.source, report.question_number) == (candidate, "live", 17)
        assert report.created_by is not None and report.created_by.email == "surveillant@lycee.fr"

    @pytest.mark.parametrize(
        "data, message",
        [
            ({"code": "E1", "question_number": "", "description": ""}, "Le numéro de la question est obligatoire pour ce code."),
            ({"code": "E1", "question_number": "600", "description": ""}, "Le numéro de la question doit être compris entre 1 et 500."),
            ({"code": "C1", "question_number": "", "description": ""}, "La description est obligatoire pour ce code."),
            ({"code": "C6", "question_number": "", "description": "x" * 501}, "La description ne doit pas dépasser 500 caractères (501 saisis)."),
            ({"code": "", "question_number": "", "description": ""}, "Choisissez la catégorie de l'incident."),
            ({"code": "E1", "question_number": "douze", "description": ""}, "Saisissez un nombre entier."),
        ],
    )
    def test_it_shows_each_refusal_next_to_its_field(
        self, portal: Client, session: Session, candidate: Candidate, data: dict[str, str], message: str
    ) -> None:
        response = portal.post(_url(session, candidate, "incidents"), data)
        assert response.status_code == 200
        assert message in html.unescape(response.content.decode())
        assert not IssueReport.objects.exists()

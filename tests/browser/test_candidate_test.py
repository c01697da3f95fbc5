"""A candidate takes a certification test in a real browser (DOMAIN.md §4–5, issue 4).

The candidate creates an account, is given a certifiable profile and their presence is confirmed
(by the test, in the database: the supervisor's side has its own journey), joins through the form
(a wrong access code first: the neutral message), answers a QCU, a short answer and a multiple
choice, sees the countdown of a timed question, skips one question (confirmation), reloads (the same
question), answers the rest and sees « Test terminé ! ». Every kind of page passes axe.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import User
from certification.models import AnswerStatus, CertificationChallenge, CertificationCourse, CourseStatus
from certification.services import course_end_by_supervisor, course_start_or_resume
from referential.models import ChallengeType
from tests.accounts.factories import PASSWORD as USER_PASSWORD
from tests.browser.a11y import assert_accessible
from tests.browser.conftest import login
from tests.candidates.factories import CandidateFactory
from tests.certification.factories import bank, ready_candidate, user_profile
from tests.sessions_app.factories import SessionFactory

PASSWORD = "un-mot-de-passe-solide"


def _question(course: CertificationCourse, position: int) -> CertificationChallenge:
    return CertificationChallenge.objects.select_related("challenge").get(course=course, position=position)


def _reshape(course: CertificationCourse) -> None:
    """Questions 2–5 of the generated test become a short answer, a multiple choice, a timed and a focus one."""
    qroc = _question(course, 2).challenge
    qroc.type, qroc.instruction, qroc.proposals, qroc.solution = (
        ChallengeType.QROC,
        "Quelle est la capitale de la France ?",
        [],
        ["Paris"],
    )
    qroc.save()
    qcm = _question(course, 3).challenge
    qcm.type, qcm.instruction, qcm.proposals, qcm.solution = (
        ChallengeType.QCM,
        "Lesquels sont des navigateurs ?",
        ["Firefox", "Excel", "Chromium"],
        [0, 2],
    )
    qcm.save()
    timed = _question(course, 4).challenge
    timed.timer_seconds = 120
    timed.save()
    focus = _question(course, 5).challenge
    focus.is_focus = True
    focus.save()


def test_a_candidate_joins_answers_skips_reloads_and_finishes(page: Page, live_server: object, shots_dir: Path) -> None:
    base = live_server.url  # type: ignore[attr-defined]
    bank()
    session = SessionFactory(access_code="KBPM47")
    candidate = CandidateFactory(
        session=session,
        first_name="Léa",
        last_name="Dupont",
        birthdate=dt.date(2008, 3, 14),
        extra_time_percentage=30,
        authorized_to_start_until=timezone.now() + dt.timedelta(minutes=15),
    )

    # A new candidate: the landing page, then « Créer un compte candidat ».
    page.goto(f"{base}/certification/")
    assert_accessible(page, "accueil candidat")
    page.get_by_role("link", name="Créer un compte candidat").click()
    expect(page.get_by_role("heading", name="Créer un compte candidat")).to_be_visible()
    assert_accessible(page, "création de compte candidat")
    page.get_by_label("Adresse e-mail").fill("lea.dupont@exemple.fr")
    page.get_by_role("button", name="Recevoir le lien").click()
    expect(page.get_by_role("heading", name="Consultez votre messagerie")).to_be_visible()
    assert_accessible(page, "création de compte candidat, e-mail envoyé")
    link = re.search(r"https?://[^/\s]+(/certification/compte/\S+)", mail.outbox[-1].body)
    assert link, mail.outbox[-1].body
    page.goto(f"{base}{link.group(1)}")
    assert_accessible(page, "création de compte candidat, lien de l'e-mail")
    page.get_by_label("Prénom").fill("Léa")
    page.get_by_role("textbox", name="Nom", exact=True).fill("Dupont")
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.get_by_text("Votre compte candidat est créé.")).to_be_visible()
    user_profile(User.objects.get(email="lea.dupont@exemple.fr"))  # positioning done on Pix, long before

    # Joining: a wrong access code first.
    assert_accessible(page, "rejoindre une session")
    page.get_by_label("Numéro de session").fill(str(session.pk))
    page.get_by_label("Code d'accès").fill("XXXX22")
    page.get_by_label("Prénom").fill("lea")
    page.get_by_label("Nom de naissance").fill("DUPONT")
    page.get_by_label("Date de naissance").fill("14/03/2008")
    page.get_by_role("button", name="Commencer mon test").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Le numéro de session et/ou le code d'accès saisis sont incorrects."
    )
    assert_accessible(page, "rejoindre une session, erreur")
    page.get_by_label("Code d'accès").fill("kbpm47")
    page.get_by_role("button", name="Commencer mon test").click()

    expect(page.get_by_text("Question 1 / 15")).to_be_visible()
    course = CertificationCourse.objects.get(candidate=candidate)
    _reshape(course)
    assert_accessible(page, "question à choix unique")
    page.get_by_text(".ods", exact=True).click()
    page.get_by_role("button", name="Je valide").click()

    expect(page.get_by_text("Question 2 / 15")).to_be_visible()
    assert_accessible(page, "question à réponse courte")
    page.get_by_label("Votre réponse").fill("paris")
    page.get_by_label("Votre réponse").press("Enter")

    expect(page.get_by_text("Question 3 / 15")).to_be_visible()
    assert_accessible(page, "question à choix multiple")
    page.get_by_text("Firefox", exact=True).click()
    page.get_by_text("Chromium", exact=True).click()
    page.get_by_role("button", name="Je valide").click()

    # Timed: 120 s lengthened by 30 % of extra time.
    expect(page.get_by_text("Question 4 / 15")).to_be_visible()
    expect(page.get_by_role("timer")).to_have_text(re.compile(r"^2 min (3[0-6]|2\d) s$"))
    assert_accessible(page, "question chronométrée")
    page.screenshot(path=str(shots_dir / "candidat-question-chronometree.png"), full_page=True)
    page.get_by_text(".ods", exact=True).click()
    page.get_by_role("button", name="Je valide").click()

    # Focus: the notice, then « Je passe » with its confirmation.
    expect(page.get_by_text("Question 5 / 15")).to_be_visible()
    expect(page.get_by_text("Question focus : restez sur cette page")).to_be_visible()
    assert_accessible(page, "question focus")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Je passe").click()
    expect(page.get_by_text("Question 6 / 15")).to_be_visible()

    # A reload (or a lost connection) changes nothing: the same question, no answer recorded twice.
    page.reload()
    expect(page.get_by_text("Question 6 / 15")).to_be_visible()
    for position in range(6, 16):
        expect(page.get_by_text(f"Question {position} / 15")).to_be_visible()
        page.get_by_text(".ods", exact=True).click()
        page.get_by_role("button", name="Je valide").click()

    expect(page.get_by_role("heading", name="Test terminé !")).to_be_visible()
    assert_accessible(page, "fin du test")
    page.screenshot(path=str(shots_dir / "candidat-test-termine.png"), full_page=True)

    course.refresh_from_db()
    assert course.status == CourseStatus.COMPLETED
    statuses = [a.status for a in course.answers.order_by("question__position")]
    assert statuses == [AnswerStatus.OK] * 4 + [AnswerStatus.SKIPPED] + [AnswerStatus.OK] * 10
    # Back to the test: still the end screen, nothing to answer.
    page.go_back()
    page.reload()
    expect(page.get_by_role("heading", name="Test terminé !")).to_be_visible()


def test_a_test_ended_by_the_supervisor_says_so_and_offers_nothing_to_answer(page: Page, live_server: object) -> None:
    base = live_server.url  # type: ignore[attr-defined]
    bank()
    candidate = ready_candidate(now=timezone.now())
    course = course_start_or_resume(candidate=candidate, user=candidate.user)
    course_end_by_supervisor(course=course, by=None)
    login(page, base, candidate.user.email, USER_PASSWORD)
    page.goto(f"{base}/certification/tests/{course.pk}/")
    expect(page.get_by_text("Votre surveillant a mis fin à votre test.")).to_be_visible()
    expect(page.get_by_role("button", name="Je valide")).to_have_count(0)
    assert_accessible(page, "test arrêté par le surveillant")

"""Issue 6 end to end in Chromium: a Jury staff member processes and publishes a session in the admin,
the centre downloads its results CSV, the candidate downloads the certificate whose code verifies.

Data: a finalised session (the auto-jury left it « to process »: an unresolved E4 report) with two
finished, scored tests. Zoé Arnaud's is tests/results/jury_factories.py's DOWNGRADED_TEST: 11 correct
out of 15, R = 73, competences 1.1 to 2.1 downgraded (D) → 88 pix; her question 3, 1.1's only wrong
answer, is the one the E4 report is about. Neutralising it makes 1.1 (3, 2, 1) at R = 79 → V: 96 pix.
Yves Bernard answered everything right: 120 pix. The staff user is in the « Jury » group, not a
superuser, so the group's permissions are what is proven. Every page visited passes axe.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.contrib.auth.models import Group
from django.core import mail
from playwright.sync_api import Page, expect

from centres.models import CertificationCentre
from certification.models import CertificationCourse
from certification.selectors import latest_result
from finalisation.models import IssueReport, IssueSource
from results.exports import HEADER
from sessions_app.models import Session, SessionStatus
from tests.accounts.factories import PASSWORD, UserFactory
from tests.browser.a11y import assert_accessible
from tests.browser.conftest import login
from tests.candidates.pdf_text import PDFTOTEXT, flat, pdf_text
from tests.results.jury_factories import COMPETENCES, SCORED_AT, jury_course
from tests.results.publication_factories import finalised_session

ALL_RIGHT = tuple((code, "ok", False) for code in COMPETENCES for _ in range(3))
UNKNOWN_CODE = "P-BCDFGHJK"
RECIPIENT = "vie-scolaire@lycee.example"


def _data(centre: CertificationCentre) -> tuple[Session, CertificationCourse, CertificationCourse, IssueReport]:
    session = finalised_session(centre)
    session.is_publishable = False  # the auto-jury's verdict: the open E4 report below needs a human
    session.save(update_fields=["is_publishable"])
    zoe = jury_course(session, first_name="Zoé", last_name="Arnaud", result_recipient_email=RECIPIENT)
    yves = jury_course(
        session, questions=ALL_RIGHT, first_name="Yves", last_name="Bernard", result_recipient_email=RECIPIENT
    )
    report = IssueReport.objects.create(
        candidate=zoe.candidate,
        course=zoe,
        code="E4",
        question_number=3,
        description="Site indisponible",
        source=IssueSource.FINALISATION,
        created_at=SCORED_AT,
    )
    return session, zoe, yves, report


def _admin_login(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/admin/")
    expect(page.get_by_role("button", name="Connexion")).to_be_visible()
    assert_accessible(page, context="connexion à l'administration")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Connexion").click()
    expect(page.get_by_role("heading", name="Back-office de l'équipe Pix")).to_be_visible()
    assert_accessible(page, context="accueil de l'administration")


def _run_action(page: Page, session: Session, action: str) -> None:
    page.locator(f'input[name="_selected_action"][value="{session.pk}"]').check()
    page.locator('select[name="action"]').select_option(label=action)
    page.locator('button[name="index"]').click()


def _row(page: Page, session: Session) -> Any:
    return page.locator("#result_list tbody tr").filter(
        has=page.locator(f'input[name="_selected_action"][value="{session.pk}"]')
    )


def test_staff_processes_and_publishes_then_centre_and_candidate_get_the_results(
    page: Page,
    live_server: Any,
    admin: Any,
    centre: CertificationCentre,
    settings: Any,
    tmp_path: Path,
    shots_dir: Path,
) -> None:
    settings.MEDIA_ROOT = tmp_path
    session, zoe, yves, report = _data(centre)
    juror: Any = UserFactory(email="jury.publication@pix.fr", first_name="Jules", last_name="Juré", is_staff=True)
    juror.groups.add(Group.objects.get(name="Jury"))
    assert not juror.is_superuser
    base = live_server.url

    # 1. The staff member logs in and finds the session in « Sessions à traiter », still « Finalisée ».
    _admin_login(page, base, juror.email)
    page.get_by_role("link", name="Sessions à traiter").click()
    row = _row(page, session)
    expect(row).to_contain_text("Finalisée")
    expect(row).to_contain_text(centre.name)
    assert_accessible(page, context="Sessions à traiter")

    # 2. « M'assigner la session »: in process, assigned to the juror.
    _run_action(page, session, "M'assigner la session")
    expect(page.get_by_text("1 session(s) assignée(s) à vous.")).to_be_visible()
    row = _row(page, session)
    expect(row).to_contain_text("En cours de traitement")
    expect(row).to_contain_text("Jules Juré")
    assert_accessible(page, context="Sessions à traiter, session assignée")
    session.refresh_from_db()
    assert (session.status, session.assigned_to_id) == (SessionStatus.IN_PROCESS, juror.pk)

    # 3. The session page lists its certifications; Zoé's page shows her current result.
    row.get_by_role("link", name=str(session.pk), exact=True).click()
    expect(page.get_by_role("heading", name="Certifications de la session")).to_be_visible()
    certifications = page.locator("section", has=page.get_by_role("heading", name="Certifications de la session"))
    expect(certifications.locator("tbody tr").filter(has_text="Arnaud Zoé").locator("td").nth(4)).to_have_text("1")
    expect(certifications.locator("tbody tr").filter(has_text="Bernard Yves")).to_contain_text("Validée")
    assert_accessible(page, context="page de la session")
    page.get_by_role("link", name=f"Certification n° {zoe.pk}", exact=True).click()
    result = page.locator("section", has=page.get_by_role("heading", name="Résultat actuel"))
    expect(result).to_contain_text("Validée")
    expect(result.locator("dd").nth(1)).to_have_text("88")
    expect(result.locator("dd").nth(2)).to_have_text("73 %")
    assert_accessible(page, context="page de la certification")

    # Neutralise question 3: 1.1 goes from D to V, 88 → 96 pix.
    page.get_by_role("button", name="Neutraliser la question 3", exact=True).click()
    expect(page.get_by_text("Question n° 3 neutralisée. Nouveau résultat : Validée, 96 pix.")).to_be_visible()
    result = page.locator("section", has=page.get_by_role("heading", name="Résultat actuel"))
    expect(result.locator("dd").nth(1)).to_have_text("96")
    expect(result.locator("dd").nth(2)).to_have_text("79 %")
    marks = result.locator("tbody tr").filter(has_text="1.1")
    expect(marks.locator("td").nth(1)).to_have_text("3")  # level obtained: the positioning level, kept (V)
    expect(marks.locator("td").nth(2)).to_have_text("24")
    expect(page.get_by_role("button", name="Dé-neutraliser la question 3", exact=True)).to_be_visible()
    assert_accessible(page, context="page de la certification, question neutralisée")

    # The E4 report is resolved with a text.
    page.get_by_label("Résolution du signalement E4").fill("Question 3 neutralisée : site indisponible.")
    page.get_by_role("button", name="Résoudre", exact=True).click()
    expect(page.get_by_text("Signalement E4 résolu.")).to_be_visible()
    expect(page.get_by_text("Question 3 neutralisée : site indisponible.")).to_be_visible()
    assert_accessible(page, context="page de la certification, signalement résolu")
    report.refresh_from_db()
    assert report.resolved_at is not None
    zoe_result = latest_result(zoe)
    assert zoe_result is not None and (zoe_result.status, zoe_result.pix_score) == ("validated", 96)

    # 4. Back to the queue: no impactful report left; « Publier les résultats ».
    page.get_by_role("link", name="Retour à la session").click()
    zoe_line = certifications.locator("tbody tr").filter(has_text="Arnaud Zoé")
    expect(zoe_line.locator("td").nth(3)).to_have_text("Validée")
    expect(zoe_line.locator("td").nth(4)).to_have_text("0")  # no unresolved report left
    page.goto(f"{base}/admin/results/sessiontoprocess/")
    row = _row(page, session)
    expect(row.locator("td.field-impactful_reports")).to_have_text("0")
    _run_action(page, session, "Publier les résultats")
    expect(page.get_by_text("Résultats publiés pour 1 session(s).")).to_be_visible()
    expect(_row(page, session)).to_have_count(0)  # out of the staff's queues
    assert_accessible(page, context="Sessions à traiter après publication")
    page.get_by_role("link", name="Sessions à publier").click()
    expect(page.locator(".paginator")).to_contain_text("0 Sessions à publier")
    assert_accessible(page, context="Sessions à publier")
    page.goto(f"{base}/admin/results/staffsession/")
    row = _row(page, session)
    expect(row).to_contain_text("Résultats transmis par Pix")
    assert_accessible(page, context="Toutes les sessions")
    page.screenshot(path=str(shots_dir / "staff_publication_all_sessions.png"), full_page=True)
    session.refresh_from_db()
    assert session.status == SessionStatus.PROCESSED and session.published_at is not None
    # One e-mail for the two candidates' shared result recipient, with the results link.
    assert [message.to for message in mail.outbox] == [[RECIPIENT]]
    link = re.search(r"https?://\S+/resultats/\S+/", str(mail.outbox[0].body))
    assert link is not None

    # The recipient opens the link, logged out (SITE_URL is not the live server: same path, live host).
    page.context.clear_cookies()
    page.goto(base + urlsplit(link.group(0)).path)
    expect(page.get_by_role("heading", name=f"Résultats de la session n° {session.pk}")).to_be_visible()
    expect(page.locator("tbody tr").filter(has_text="Arnaud")).to_contain_text("96")
    assert_accessible(page, context="résultats par le lien de l'e-mail")

    # 5. The centre sees the published status, opens the results and downloads the CSV.
    page.context.clear_cookies()
    login(page, base, admin.email, PASSWORD)
    page.goto(f"{base}/sessions/{session.pk}/")
    expect(page.get_by_text("Résultats transmis par Pix").first).to_be_visible()
    assert_accessible(page, context="session côté centre, publiée")
    page.get_by_role("link", name="Résultats", exact=True).click()
    expect(page.get_by_role("heading", name=f"Résultats de la session n° {session.pk}")).to_be_visible()
    # The session's certificates were built on publication (eager Celery in tests).
    expect(page.get_by_role("link", name="Télécharger les certificats (PDF, 2 certificats)")).to_be_visible()
    assert_accessible(page, context="résultats de la session côté centre")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger les résultats (CSV)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(f"_resultats_session_{session.pk}.csv")
    raw = Path(download.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert lines[0] == [  # DOMAIN.md §7, written out: the code's HEADER is what is under test
        "Numéro de certification",
        "Prénom",
        "Nom",
        "Date de naissance",
        "Lieu de naissance",
        "Identifiant Externe",
        "Statut",
        "Nombre de Pix",
        *(
            [
                "1.1",
                "1.2",
                "1.3",
                "2.1",
                "2.2",
                "2.3",
                "2.4",
                "3.1",
                "3.2",
                "3.3",
                "3.4",
                "4.1",
                "4.2",
                "4.3",
                "5.1",
                "5.2",
            ]
        ),
        "Commentaire jury pour l'organisation",
        "Session",
        "Centre de certification",
        "Date de passage de la certification",
    ]
    rows = {line[0]: dict(zip(HEADER, line, strict=True)) for line in lines[1:]}
    assert set(rows) == {str(zoe.pk), str(yves.pk)}
    zoe_row = rows[str(zoe.pk)]
    assert (zoe_row["Prénom"], zoe_row["Nom"], zoe_row["Statut"], zoe_row["Nombre de Pix"]) == (
        "Zoé",
        "Arnaud",
        "Validée",
        "96",
    )
    assert [zoe_row[code] for code in COMPETENCES] == ["3", "2", "2", "2", "3"]
    assert (zoe_row["Session"], zoe_row["Date de passage de la certification"]) == (str(session.pk), "12/03/2024")
    assert (rows[str(yves.pk)]["Statut"], rows[str(yves.pk)]["Nombre de Pix"]) == ("Validée", "120")

    # 6. Zoé logs in: « Mes certificats » shows the certificate, its code, the PDF.
    page.context.clear_cookies()
    login(page, base, zoe.user.email, PASSWORD)
    page.goto(f"{base}/mes-certificats/")
    expect(page.get_by_role("heading", name="Mes certificats")).to_be_visible()
    zoe.refresh_from_db()
    code = zoe.verification_code
    table_row = page.locator("tbody tr").first
    expect(table_row).to_contain_text("Validée")
    expect(table_row).to_contain_text("96")
    expect(table_row).to_contain_text(f"Code de vérification : {code}")
    assert_accessible(page, context="mes certificats")
    with page.expect_download() as pdf_info:
        table_row.get_by_role("link", name="Télécharger le certificat (PDF)").click()
    pdf = Path(pdf_info.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    if PDFTOTEXT is not None:  # poppler-utils, installed in CI with Chromium: what is printed on it
        printed = flat(pdf_text(pdf))
        assert code in printed and "Zoé" in printed and "96" in printed

    # Anyone, logged out, verifies the code on the public page; a made-up code gets the neutral answer.
    page.context.clear_cookies()
    page.goto(f"{base}/verification/")
    expect(page.get_by_role("heading", name="Vérifier un certificat Pix")).to_be_visible()
    assert_accessible(page, context="vérification, formulaire")
    page.get_by_label("Code de vérification").fill(code)
    page.get_by_role("button", name="Vérifier").click()
    expect(page.get_by_text(f"Le code {code} correspond à un certificat Pix valide.")).to_be_visible()
    certificate = page.locator("dl.pix-certificate")
    expect(certificate).to_contain_text("Zoé Arnaud")
    expect(certificate).to_contain_text("96")
    assert_accessible(page, context="vérification, code valide")
    page.get_by_label("Code de vérification").fill(UNKNOWN_CODE)
    page.get_by_role("button", name="Vérifier").click()
    expect(page.get_by_text("Aucun certificat ne correspond à ce code, ou il n'est pas publié.")).to_be_visible()
    expect(page.get_by_text("Zoé Arnaud")).to_have_count(0)
    assert_accessible(page, context="vérification, code inconnu")

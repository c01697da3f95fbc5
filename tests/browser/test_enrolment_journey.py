"""Filling a session with candidates in a real browser (DOMAIN.md §1 and §3, issue 3).

A lycée's administrator imports the SIECLE roster through the upload form (a wrong school's file
first: refused, nothing imported), then a profile collection, enrols three students of one division
from « Inscrire des élèves » and downloads the attendance sheet holding their names. A university's
administrator uploads an ODS candidate list with an error (the line-numbered message, nothing
imported), fixes it and uploads it again. Every page visited passes axe (tests/browser/a11y.py).
"""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from candidates.models import Candidate
from centres.models import CertificationCentre, Role, Student
from tests.accounts.factories import PASSWORD, UserFactory
from tests.browser.a11y import assert_accessible
from tests.browser.conftest import login
from tests.candidates.factories import BirthplaceCommuneFactory
from tests.candidates.ods_files import FIRST_LINE, candidate_row, ods_bytes
from tests.candidates.pdf_text import flat, needs_pdftotext, pdf_text
from tests.centres.factories import SCHOOL_UAI, MembershipFactory, ScoCentreFactory, siecle_student, siecle_xml
from tests.referential.factories import profile_csv, profile_csv_row
from tests.sessions_app.factories import SessionFactory

XML = "application/xml"
CSV = "text/csv"
ODS = "application/vnd.oasis.opendocument.spreadsheet"

# 12 students in 3 divisions; 2NDE1 holds the four the journey looks at.
FIRST_NAMES = ["Éloïse", "Maël", "Chloé", "Noé", "Inès", "Hugo", "Zoé", "Loïc", "Léa", "Théo", "Anaïs", "Jérôme"]
LAST_NAMES = [
    "MÜLLER",
    "LEFÈVRE",
    "GARÇON",
    "DUPONT",
    "BERNARD",
    "PETIT",
    "MOREAU",
    "FAURE",
    "ROUX",
    "BLANC",
    "GIRARD",
    "NOËL",
]
DIVISIONS = ["2NDE1", "1G2", "TSTMG1"]


def _students() -> list[dict[str, str]]:
    return [
        siecle_student(
            n + 1,
            PRENOM=FIRST_NAMES[n],
            NOM_DE_FAMILLE=LAST_NAMES[n],
            CODE_SEXE="2" if n % 2 == 0 else "1",
            DIVISION=DIVISIONS[n // 4],
        )
        for n in range(12)
    ]


def _profiles() -> bytes:
    """Éloïse and Maël certifiable, Chloé not, Noé never sent anything; one participant unknown."""
    return profile_csv(
        [
            profile_csv_row("Müller", "Éloïse", INE="0000000001K"),
            profile_csv_row("Lefèvre", "Maël", INE="0000000002K", levels=[3, 2, 1, 1, 2, 1]),
            profile_csv_row("Garçon", "Chloé", INE="0000000003K", levels=[2, 1]),
            profile_csv_row("Inconnu", "Personne", INE="", Classe="2NDE1"),
        ]
    )


def tick(checkbox: Locator) -> None:
    """Check a DSFR checkbox: its label, drawn over the transparent input, takes the click as for a user."""
    checkbox.check(force=True)
    expect(checkbox).to_be_checked()


def _badge(page: Page, student: str) -> str:
    return (page.get_by_role("row").filter(has_text=student).locator("td").nth(5).text_content() or "").strip()


@needs_pdftotext
def test_a_school_imports_its_roster_and_profiles_enrols_a_division_and_prints_the_sheet(
    page: Page, live_server: object, shots_dir: Path
) -> None:
    base = live_server.url  # type: ignore[attr-defined]
    lycee = ScoCentreFactory(uai=SCHOOL_UAI, name="Lycée Victor Hugo")
    admin = MembershipFactory(centre=lycee, role=Role.ADMIN, user=UserFactory(email="admin@lycee.fr")).user
    session = SessionFactory(centre=lycee, address="Lycée Victor Hugo", room="CDI", supervisors="Mme Durand")

    page.goto(f"{base}/connexion/")
    assert_accessible(page, context="connexion")
    login(page, base, admin.email, PASSWORD)
    expect(page).to_have_url(f"{base}/sessions/")
    assert_accessible(page, context="liste des sessions du lycée")

    # The roster, empty at first.
    page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Élèves").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Élèves")
    expect(page.get_by_text("Aucun élève pour l'instant")).to_be_visible()
    assert_accessible(page, context="liste des élèves vide")

    # Another school's SIECLE file: refused, nothing imported, the message says why.
    page.get_by_role("link", name="Importer la liste des élèves").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Importer la liste des élèves")
    assert_accessible(page, context="formulaire d'import des élèves")
    file_input = page.get_by_label("Fichier des élèves")
    file_input.set_input_files(
        files=[{"name": "ElevesSansAdresses.xml", "mimeType": XML, "buffer": siecle_xml(_students(), uai="0999999Z")}]
    )
    page.get_by_role("button", name="Importer", exact=True).click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Aucun élève n'a été importé : le fichier contient une erreur.")
    expect(alert).to_contain_text("l'UAI du fichier SIECLE ne correspond pas à celui de votre établissement")
    assert_accessible(page, context="import des élèves refusé")
    assert not Student.objects.filter(centre=lycee).exists()

    # The school's own file, ISO-8859-15 with accents: 12 students.
    page.get_by_label("Fichier des élèves").set_input_files(
        files=[{"name": "ElevesSansAdresses.xml", "mimeType": XML, "buffer": siecle_xml(_students())}]
    )
    page.get_by_role("button", name="Importer", exact=True).click()
    expect(page).to_have_url(f"{base}/centre/eleves/")
    expect(page.get_by_role("status").filter(has_text="a été importée")).to_have_text(
        "La liste des élèves a été importée : 12 élève(s) ajouté(s), 0 mis à jour, 0 marqué(s) comme sorti(s)."
    )
    expect(page.get_by_text("12 élèves", exact=True)).to_be_visible()
    expect(page.get_by_role("cell", name="LEFÈVRE", exact=True)).to_be_visible()
    assert_accessible(page, context="liste des élèves importée")
    page.screenshot(path=str(shots_dir / "roster_imported.png"), full_page=True)

    # The profile collection: two imported, one not sent… and one participant matching nobody.
    page.get_by_role("link", name="Importer une collecte de profils").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Importer une collecte de profils")
    assert_accessible(page, context="formulaire d'import de la collecte de profils")
    page.get_by_label("Export de la campagne de collecte de profils").set_input_files(
        files=[{"name": "collecte.csv", "mimeType": CSV, "buffer": _profiles()}]
    )
    page.get_by_role("button", name="Importer", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Résultat de l'import de la collecte de profils")
    expect(page.locator("#resultat-import")).to_contain_text("3 profils importés.")
    unmatched = page.locator("#participants-non-rapproches")
    expect(unmatched).to_contain_text("Inconnu")
    expect(unmatched).to_contain_text("Aucun élève de cette classe ne porte ces nom et prénom.")
    assert_accessible(page, context="résultat de la collecte de profils")

    # The session, its (empty) candidate list, then « Inscrire des élèves ».
    page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Sessions de certification").click()
    page.get_by_role("link", name=str(session.pk), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Session n° {session.pk}")
    assert_accessible(page, context="détail de la session du lycée")
    page.get_by_role("link", name="Candidats (0)").click()
    expect(page.locator("#compteurs")).to_have_text(re.compile(r"^\s*Aucun candidat inscrit\s*$"))
    assert_accessible(page, context="liste des candidats vide")
    page.get_by_role("link", name="Inscrire des élèves").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Inscrire des élèves à la session n° {session.pk}")
    expect(page.get_by_text("12 élèves", exact=True)).to_be_visible()
    assert_accessible(page, context="inscription des élèves")

    # One division: its four students, with what the profiles say.
    tick(page.get_by_label("2NDE1", exact=True))
    page.get_by_role("button", name="Filtrer", exact=True).click()
    expect(page.get_by_text("4 élèves", exact=True)).to_be_visible()
    assert _badge(page, "MÜLLER") == "Certifiable"
    assert _badge(page, "LEFÈVRE") == "Certifiable"
    assert _badge(page, "GARÇON") == "Non certifiable"
    assert _badge(page, "DUPONT") == "Profil inconnu"
    expect(page.get_by_role("cell", name="BERNARD")).to_have_count(0)  # 1G2
    assert_accessible(page, context="inscription filtrée sur une division")
    page.screenshot(path=str(shots_dir / "enrol_division.png"), full_page=True)

    for name in ("Éloïse MÜLLER", "Maël LEFÈVRE", "Noé DUPONT"):
        tick(page.get_by_role("checkbox", name=name))
    page.get_by_role("button", name="Inscrire les élèves cochés").click()
    expect(page.get_by_role("status").filter(has_text="inscrits à la session")).to_have_text("3 élèves inscrits à la session.")
    expect(page.get_by_text("Déjà inscrit")).to_have_count(3)
    expect(page.get_by_role("checkbox", name="Chloé GARÇON")).to_be_enabled()
    expect(page.get_by_role("checkbox", name="Éloïse MÜLLER")).to_be_disabled()
    assert_accessible(page, context="inscription après ajout")

    # The three candidates, with their class.
    page.get_by_role("link", name="Voir les candidats inscrits").click()
    expect(page.get_by_text("3 candidats inscrits")).to_be_visible()
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text("DUPONT")  # by birth name
    expect(rows.nth(1)).to_contain_text("LEFÈVRE")
    expect(rows.nth(2)).to_contain_text("MÜLLER")
    expect(rows.nth(2)).to_contain_text("2NDE1")
    assert_accessible(page, context="liste des candidats inscrits")

    # The attendance sheet: a PDF holding the three names.
    page.get_by_role("link", name=f"Session n° {session.pk}").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Session n° {session.pk}")
    expect(page.get_by_role("link", name="Candidats (3)")).to_be_visible()
    assert_accessible(page, context="détail de la session avec ses candidats")
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Télécharger la feuille d'émargement")).click()
    download = download_info.value
    assert download.suggested_filename == f"feuille-emargement-session-{session.pk}.pdf"
    content = Path(download.path()).read_bytes()
    assert content.startswith(b"%PDF")
    text = flat(pdf_text(content))
    for name in ("DUPONT", "Noé", "LEFÈVRE", "Maël", "MÜLLER", "Éloïse"):
        assert name in text, name
    assert "GARÇON" not in text
    assert "1/1" in text
    assert Candidate.objects.filter(session=session).count() == 3


def test_a_university_fixes_its_ods_candidate_list_after_a_refusal(
    page: Page, live_server: object, admin: object, centre: CertificationCentre
) -> None:
    base = live_server.url  # type: ignore[attr-defined]
    BirthplaceCommuneFactory()  # Paris, where the file's candidates are born
    session = SessionFactory(centre=centre, address="Campus Nord", room="Salle 101")
    rows = [
        candidate_row(),
        candidate_row(**{"* Prénom": "Hugo", "* Sexe (M ou F)": "M"}),
        candidate_row(**{"* Prénom": "Inès", "* Date de naissance (format : jj/mm/aaaa)": "31/02/2001"}),
    ]

    login(page, base, admin.email, PASSWORD)  # type: ignore[attr-defined]
    page.goto(f"{base}/sessions/{session.pk}/")
    expect(page.get_by_role("link", name="Candidats (0)")).to_be_visible()
    assert_accessible(page, context="détail de la session de l'université")
    page.get_by_role("link", name="Importer la liste (ODS)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Importer la liste des candidats")
    assert_accessible(page, context="formulaire d'import ODS")

    page.get_by_label("Liste des candidats (fichier .ods)").set_input_files(
        files=[{"name": "liste.ods", "mimeType": ODS, "buffer": ods_bytes(rows)}]
    )
    page.get_by_role("button", name="Importer", exact=True).click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Aucun candidat n'a été importé : le fichier contient une erreur.")
    expect(alert).to_contain_text(
        f"Ligne {FIRST_LINE + 2}, « * Date de naissance (format : jj/mm/aaaa) » : La date « 31/02/2001 » n'existe pas."
    )
    assert_accessible(page, context="import ODS refusé")
    assert not Candidate.objects.filter(session=session).exists()

    rows[2] = candidate_row(**{"* Prénom": "Inès", "* Date de naissance (format : jj/mm/aaaa)": "28/02/2001"})
    page.get_by_label("Liste des candidats (fichier .ods)").set_input_files(
        files=[{"name": "liste.ods", "mimeType": ODS, "buffer": ods_bytes(rows)}]
    )
    page.get_by_role("button", name="Importer", exact=True).click()
    expect(page).to_have_url(f"{base}/sessions/{session.pk}/")
    expect(page.get_by_role("status").filter(has_text="importée")).to_have_text(
        "La liste des candidats a été importée : 3 candidats."
    )
    expect(page.get_by_role("link", name="Candidats (3)")).to_be_visible()
    assert_accessible(page, context="session après import ODS")
    assert Candidate.objects.filter(session=session).count() == 3

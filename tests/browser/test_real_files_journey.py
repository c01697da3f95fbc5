"""Files as the real tools write them, in a real browser (issue 14).

A lycée imports Pix Orga's profile-collection export written byte for byte as Pix writes it (« Oui » /
« Non », « NA », every text quoted): the result lists the participant who sent nothing and matches nobody.
A French school abroad, with no roster, downloads the schools' 12-column template and imports its
candidates with it. Every page passes axe; screenshots at 1280 and 375 px.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from candidates.models import Candidate
from centres.models import Role
from tests.accounts.factories import PASSWORD, UserFactory
from tests.browser.a11y import assert_accessible
from tests.browser.conftest import login
from tests.candidates.factories import BirthCountryFactory, BirthplaceCommuneFactory
from tests.candidates.ods_files import HEADERS, candidate_row, ods_bytes
from tests.centres.factories import SCHOOL_UAI, MembershipFactory, ScoCentreFactory, StudentFactory
from tests.sessions_app.factories import SessionFactory

FIXTURE = Path(__file__).parents[1] / "referential" / "fixtures" / "collecte-profils-pix-orga.csv"
ODS = "application/vnd.oasis.opendocument.spreadsheet"


def _shots(page: Page, shots_dir: Path, name: str) -> None:
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(shots_dir / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_school_imports_pix_orga_s_real_export_unchanged(page: Page, live_server: object, shots_dir: Path) -> None:
    base = live_server.url  # type: ignore[attr-defined]
    lycee = ScoCentreFactory(uai=SCHOOL_UAI, name="Lycée Victor Hugo")
    admin = MembershipFactory(centre=lycee, role=Role.ADMIN, user=UserFactory(email="admin@lycee.fr")).user
    StudentFactory(centre=lycee, ine="123456789AB", last_name="MARTIN", first_name="Zoé", division="2NDE1")
    StudentFactory(centre=lycee, last_name="LE BRETON", first_name="Éloïse", division="2NDE4")
    StudentFactory(centre=lycee, ine="123456789CD", last_name="ARNAUD", first_name="Léo", division="2NDE3")

    login(page, base, admin.email, PASSWORD)
    page.goto(f"{base}/centre/profils/importer/")
    expect(page.get_by_text("(« Envoi (O/N) » à « Non ») sont ignorés")).to_be_visible()
    page.get_by_label("Export de la campagne de collecte de profils").set_input_files(
        files=[{"name": "collecte.csv", "mimeType": "text/csv", "buffer": FIXTURE.read_bytes()}]
    )
    page.get_by_role("button", name="Importer", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Résultat de l'import de la collecte de profils")
    expect(page.get_by_text("2 profils importés.")).to_be_visible()
    row = page.locator("#participants-non-rapproches tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Inconnu")
    expect(row).to_contain_text("(Ce participant n'a pas envoyé son profil.)")
    assert_accessible(page, context="résultat de l'import d'un export Pix Orga réel")
    _shots(page, shots_dir, "collecte-pix-orga-resultat")


def test_a_school_without_a_roster_imports_its_candidates_with_the_schools_template(
    page: Page, live_server: object, shots_dir: Path
) -> None:
    base = live_server.url  # type: ignore[attr-defined]
    BirthplaceCommuneFactory()
    BirthCountryFactory()
    BirthCountryFactory(insee_code="99350", name="MAROC")
    school = ScoCentreFactory(uai="9840001A", name="Lycée français de Rabat")
    admin = MembershipFactory(centre=school, role=Role.ADMIN, user=UserFactory(email="admin@lfr.ma")).user
    session = SessionFactory(centre=school, address="Lycée français de Rabat", room="Salle 3")

    login(page, base, admin.email, PASSWORD)
    page.goto(f"{base}/sessions/{session.pk}/")
    expect(page.get_by_role("link", name="Télécharger le modèle")).to_be_visible()
    _shots(page, shots_dir, "ecole-sans-liste-session")
    page.get_by_role("link", name="Importer la liste (ODS)").click()
    rows = [
        candidate_row()[:12],
        candidate_row(**{"* Prénom": "Yanis", "Code Insee": "", "Pays": "Maroc", "Nom de la commune": "Rabat"})[:12],
    ]
    page.get_by_label("Liste des candidats (fichier .ods)").set_input_files(
        files=[{"name": "liste.ods", "mimeType": ODS, "buffer": ods_bytes(rows, headers=HEADERS[:12])}]
    )
    page.get_by_role("button", name="Importer", exact=True).click()
    expect(page).to_have_url(f"{base}/sessions/{session.pk}/")
    expect(page.get_by_role("status").filter(has_text="importée")).to_have_text(
        "La liste des candidats a été importée : 2 candidats."
    )
    assert_accessible(page, context="session d'une école sans liste après import ODS")
    assert Candidate.objects.filter(session=session, student__isnull=True).count() == 2

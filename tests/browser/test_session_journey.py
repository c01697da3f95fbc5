"""A centre administrator's sessions journey in a real browser (DOMAIN.md §2).

Log in through the login form, create a session (empty form first: the French errors), read its
codes, find it again by filter and by sort, edit it, delete it; and postpone a session. Every
page visited passes axe's « serious »/« critical » rules (tests/browser/a11y.py).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from django.utils import timezone
from playwright.sync_api import Page, expect

from centres.models import CertificationCentre
from sessions_app.models import Session
from tests.accounts.factories import PASSWORD
from tests.browser.a11y import assert_accessible
from tests.browser.conftest import login
from tests.sessions_app.factories import SessionFactory

ACCESS_CODE = re.compile(r"^[BCDFGHJKMPQRTVWXY]{4}[2346789]{2}$")
SESSION_PASSWORD = re.compile(r"^C-[2346789BCDFGHJKMPQRTVWXY]{8,}$")
REQUIRED_ERRORS = [
    "Veuillez indiquer un nom de site.",
    "Veuillez indiquer un nom de salle.",
    "Veuillez indiquer une date de début.",
    "Veuillez indiquer une heure de début.",
    "Veuillez indiquer un(e) surveillant(e).",
]


def in_days(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def session_number(page: Page) -> int:
    """The number in the detail page's « Session n° N » heading."""
    heading = page.get_by_role("heading", level=1).inner_text()
    match = re.search(r"Session n° (\d+)", heading)
    assert match, heading
    return int(match.group(1))


def room_column(page: Page) -> list[str]:
    # Columns: N°, site, salle, …
    return [cell.strip() for cell in page.locator("table tbody tr td:nth-child(3)").all_inner_texts()]


def test_centre_admin_creates_finds_edits_and_deletes_a_session(
    page: Page, live_server: object, admin: object, centre: CertificationCentre, shots_dir: Path
) -> None:
    base = live_server.url  # type: ignore[attr-defined]
    # Two other sessions; by date (the default order): Amphi B, then ours, then Salle 101.
    SessionFactory(centre=centre, address="Campus Nord", room="Amphi B", date=in_days(30))
    SessionFactory(centre=centre, address="Campus Nord", room="Salle 101", date=in_days(3))
    date = in_days(14)

    # Login page, then the real login form.
    page.goto(f"{base}/connexion/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Connexion à Pix Certif")
    assert_accessible(page, context="connexion")
    login(page, base, admin.email, PASSWORD)  # type: ignore[attr-defined]

    # Lands on the session list.
    expect(page).to_have_url(f"{base}/sessions/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sessions de certification")
    expect(page.get_by_text("2 sessions", exact=True)).to_be_visible()
    assert_accessible(page, context="liste des sessions")

    # Create: the empty form first, with its French errors.
    page.get_by_role("link", name="Créer une session").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Créer une session")
    assert_accessible(page, context="formulaire de création")
    page.get_by_role("button", name="Créer la session").click()
    expect(page.get_by_role("alert")).to_contain_text("Le formulaire contient des erreurs")
    for error in REQUIRED_ERRORS:
        expect(page.get_by_text(error, exact=True)).to_be_visible()
    # Each message is tied to its field (aria-describedby), not just painted red under it.
    expect(page.get_by_label("Nom du site")).to_have_accessible_description(re.compile("Veuillez indiquer un nom de site"))
    assert_accessible(page, context="formulaire de création avec erreurs")
    page.screenshot(path=str(shots_dir / "session_form_errors.png"), full_page=True)

    page.get_by_label("Nom du site").fill("Campus Sud")
    page.get_by_label("Nom de la salle").fill("Salle Turing")
    page.get_by_label("Date de début").fill(date.isoformat())
    page.get_by_label("Heure de début (heure locale)").fill("14:30")
    page.get_by_label("Surveillant(s)").fill("Mme Lovelace, M. Babbage")
    page.get_by_role("button", name="Créer la session").click()

    # Detail: success message, the access code and the supervisors' C- password.
    number = session_number(page)
    expect(page).to_have_url(f"{base}/sessions/{number}/")
    expect(page.get_by_role("status").filter(has_text="a été créée")).to_have_text(
        f"La session n° {number} a été créée."
    )
    access_code = page.locator("#code-acces").inner_text().strip()
    password = page.locator("#mot-de-passe").inner_text().strip()
    assert ACCESS_CODE.match(access_code), access_code
    assert SESSION_PASSWORD.match(password), password
    expect(page.locator(".pix-dl")).to_contain_text("Salle Turing")
    expect(page.locator(".pix-dl")).to_contain_text("Mme Lovelace, M. Babbage")
    assert_accessible(page, context="détail de la session")
    page.screenshot(path=str(shots_dir / "session_detail.png"), full_page=True)

    # Back to the list: three sessions, ours among them.
    page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Sessions de certification").click()
    expect(page.get_by_text("3 sessions", exact=True)).to_be_visible()
    assert room_column(page) == ["Amphi B", "Salle Turing", "Salle 101"]  # date, newest first
    page.screenshot(path=str(shots_dir / "session_list.png"), full_page=True)

    # Found by filter (the room).
    page.get_by_label("Salle", exact=True).fill("turing")
    page.get_by_role("button", name="Filtrer", exact=True).click()
    expect(page.get_by_text("1 session", exact=True)).to_be_visible()
    assert room_column(page) == ["Salle Turing"]
    expect(page.get_by_role("link", name=str(number), exact=True)).to_be_visible()
    assert_accessible(page, context="liste filtrée par salle")

    # Found by sort: a click on « Salle » sorts ascending, a second one descending.
    page.get_by_role("link", name="Effacer les filtres").click()
    expect(page.get_by_text("3 sessions", exact=True)).to_be_visible()
    page.get_by_role("link", name=re.compile(r"^Salle\b.*trier")).click()
    expect(page.get_by_role("columnheader", name=re.compile("^Salle"))).to_have_attribute("aria-sort", "ascending")
    assert room_column(page) == ["Amphi B", "Salle 101", "Salle Turing"]
    page.get_by_role("link", name=re.compile(r"^Salle\b.*trier")).click()
    expect(page.get_by_role("columnheader", name=re.compile("^Salle"))).to_have_attribute("aria-sort", "descending")
    assert room_column(page) == ["Salle Turing", "Salle 101", "Amphi B"]
    assert_accessible(page, context="liste triée par salle")

    # Edit: change the room.
    page.get_by_role("link", name=str(number), exact=True).click()
    expect(page).to_have_url(f"{base}/sessions/{number}/")
    page.get_by_role("link", name="Modifier").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Modifier la session n° {number}")
    expect(page.get_by_label("Nom de la salle")).to_have_value("Salle Turing")
    expect(page.get_by_label("Date de début")).to_have_value(date.isoformat())
    assert_accessible(page, context="formulaire de modification")
    page.get_by_label("Nom de la salle").fill("Salle Hopper")
    page.get_by_role("button", name="Enregistrer les modifications").click()
    expect(page).to_have_url(f"{base}/sessions/{number}/")
    expect(page.get_by_role("status").filter(has_text="a été modifiée")).to_have_text(
        f"La session n° {number} a été modifiée."
    )
    expect(page.locator(".pix-dl")).to_contain_text("Salle Hopper")
    assert page.locator("#code-acces").inner_text().strip() == access_code  # editing keeps the codes

    # Delete: the confirmation page names the session, then the list says it is gone.
    page.get_by_role("link", name="Supprimer la session").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Supprimer la session n° {number}")
    # Its site and room, without « salle » before a room that names itself.
    expect(page.get_by_text(re.compile(rf"La session n° {number} du {date:%d/%m/%Y} à 14:30 \([^()]+, Salle Hopper\)"))).to_be_visible()
    expect(page.get_by_text("salle Salle")).to_have_count(0)
    assert_accessible(page, context="confirmation de suppression")
    page.get_by_role("button", name="Supprimer la session").click()
    expect(page).to_have_url(f"{base}/sessions/")
    expect(page.get_by_role("status").filter(has_text="a été supprimée")).to_have_text(
        f"La session n° {number} a été supprimée."
    )
    expect(page.get_by_text("2 sessions", exact=True)).to_be_visible()
    assert "Salle Hopper" not in room_column(page)
    assert_accessible(page, context="liste après suppression")
    assert not Session.objects.filter(pk=number).exists()


def test_centre_admin_postpones_a_session(
    page: Page, live_server: object, admin: object, centre: CertificationCentre
) -> None:
    base = live_server.url  # type: ignore[attr-defined]
    old = SessionFactory(centre=centre, address="Campus Nord", room="Amphi C", supervisors="M. Martin")
    new_date = in_days(21)
    login(page, base, admin.email, PASSWORD)  # type: ignore[attr-defined]
    expect(page).to_have_url(f"{base}/sessions/")

    page.get_by_role("link", name=str(old.pk), exact=True).click()
    page.get_by_role("link", name="Reporter la session").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Reporter la session n° {old.pk}")
    assert_accessible(page, context="formulaire de report")
    page.get_by_label("Nouvelle date").fill(new_date.isoformat())
    page.get_by_label("Nouvelle heure de début (heure locale)").fill("10:15")
    page.get_by_role("button", name="Reporter la session").click()

    number = session_number(page)
    assert number != old.pk
    expect(page).to_have_url(f"{base}/sessions/{number}/")
    expect(page.get_by_role("status").filter(has_text="a été reportée")).to_have_text(
        f"La session n° {old.pk} a été reportée : voici la nouvelle session n° {number}, avec de nouveaux codes."
    )
    expect(page.get_by_text(f"Cette session remplace la session n° {old.pk}, reportée.")).to_be_visible()
    expect(page.locator(".pix-dl")).to_contain_text("Amphi C")
    expect(page.locator(".pix-dl")).to_contain_text("10:15")
    new_code = page.locator("#code-acces").inner_text().strip()
    assert ACCESS_CODE.match(new_code), new_code
    assert new_code != old.access_code
    assert_accessible(page, context="nouvelle session après report")


def test_on_a_phone_the_menu_holds_the_navigation_and_log_out(
    page: Page, live_server: object, admin: object, centre: CertificationCentre
) -> None:
    """DSFR's header script copies the tool links (log out) into the « Menu » dialog on small screens."""
    base = live_server.url  # type: ignore[attr-defined]
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, base, admin.email, PASSWORD)  # type: ignore[attr-defined]
    expect(page).to_have_url(f"{base}/sessions/")
    page.get_by_role("button", name="Menu", exact=True).click()
    menu = page.locator("#menu-mobile")
    expect(menu.get_by_role("button", name="Se déconnecter")).to_be_visible()
    expect(menu.get_by_role("link", name="Sessions de certification")).to_be_visible()
    assert_accessible(page, context="menu mobile ouvert")
    menu.get_by_role("button", name="Se déconnecter").click()
    expect(page).to_have_url(re.compile(r"/connexion/$"))

"""Pages that reflow (RGAA 4, criterion 10.11): no sideways scrolling to reach what matters.

The supervisor portal at 375 px (a phone) and at 640 px (1280 px at 200 % zoom): the whole page fits the
width, « Confirmer la présence » included. The session list at 1280 px: every column, « Statut » last,
fits without scrolling its table.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from centres.models import CertificationCentre
from tests.accounts.factories import PASSWORD, UserFactory
from tests.browser.a11y import assert_accessible
from tests.browser.conftest import login
from tests.candidates.factories import CandidateFactory
from tests.certification.factories import course_by_hand
from tests.sessions_app.factories import SessionFactory

FITS = "document.documentElement.scrollWidth <= window.innerWidth"
# What sticks out, for the failure message.
WIDEST = """[document.documentElement.scrollWidth, window.innerWidth,
  [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
    .slice(0, 8).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))]"""


def _right_edge(page: Page, selector: str) -> float:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return float(box["x"] + box["width"])


@pytest.mark.parametrize("width", [375, 640, 1024, 1280])
def test_the_supervisor_portal_needs_no_sideways_scrolling(
    width: int, page: Page, live_server: object, centre: CertificationCentre, shots_dir: Path
) -> None:
    base = live_server.url  # type: ignore[attr-defined]
    session = SessionFactory(
        centre=centre, address="Lycée polyvalent Marguerite Yourcenar", room="Salle informatique 3", supervisor_password="B7KD3HMP"
    )
    lea = CandidateFactory(session=session, first_name="Léa-Margaux", last_name="Dupont-Aignan", extra_time_percentage=33)
    hugo = CandidateFactory(session=session, first_name="Hugo", last_name="Martin", user=UserFactory())
    course_by_hand(candidate=hugo, positions={"1.1": (2, 16)}, questions=[("1.1", "ok", False), ("1.1", None, False)])
    supervisor = UserFactory(email="surveillante@lycee.fr")
    page.set_viewport_size({"width": width, "height": 900})
    login(page, base, supervisor.email, PASSWORD)
    page.goto(f"{base}/surveillance/")
    page.get_by_label("Numéro de session").fill(str(session.pk))
    page.get_by_label("Mot de passe de session").fill("B7KD3HMP")
    page.get_by_role("button", name="Surveiller la session").click()
    expect(page.locator(f"#confirmer-presence-{lea.pk}")).to_be_visible()

    assert page.evaluate(FITS), page.evaluate(WIDEST)
    for selector in (f"#confirmer-presence-{lea.pk}", f"#terminer-test-{hugo.pk}", f"#incidents-{hugo.pk}"):
        assert _right_edge(page, selector) <= width, selector
    # Nor inside the table: its container does not scroll either.
    assert page.evaluate(
        "[...document.querySelectorAll('#surveillance-en-direct .fr-table__container')].every(c => c.scrollWidth <= c.clientWidth)"
    )
    if width < 992:  # one block per candidate, each value after its column's name
        expect(page.locator(f"#candidat-{lea.pk}")).to_contain_text("Temps majoré : 33 %")
    assert_accessible(page, context=f"portail surveillant à {width} px")
    page.screenshot(path=str(shots_dir / f"supervision_portal_{width}.png"), full_page=True)


def test_the_session_list_shows_every_column_at_1280_px(
    page: Page, live_server: object, centre: CertificationCentre, admin: object, shots_dir: Path
) -> None:
    base = live_server.url  # type: ignore[attr-defined]
    SessionFactory(
        centre=centre, address="Lycée polyvalent Marguerite Yourcenar", room="Salle informatique 3",
        supervisors="Mme Claire Bernard, M. Jean-Baptiste Lefèvre",
    )
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, base, admin.email, PASSWORD)  # type: ignore[attr-defined]
    page.goto(f"{base}/sessions/")
    status = page.get_by_role("columnheader", name="Statut")
    expect(status).to_be_visible()
    container = ".fr-table__container"
    assert page.evaluate(f"(() => {{ const c = document.querySelector('{container}'); return c.scrollWidth <= c.clientWidth; }})()")
    assert _right_edge(page, "th:has-text('Statut')") <= 1280
    assert page.evaluate(FITS)
    assert_accessible(page, context="liste des sessions à 1280 px")
    page.screenshot(path=str(shots_dir / "session_list_1280.png"), full_page=True)
    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    assert page.evaluate(FITS)  # at 375 px the table scrolls inside its own container, as the DSFR does
    page.screenshot(path=str(shots_dir / "session_list_375.png"), full_page=True)

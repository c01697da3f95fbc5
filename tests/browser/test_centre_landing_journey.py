"""A teacher of several centres logs in, follows the printed link of a session of another of his centres, switches
to it with one button, and lands there again at his next login (issue 15, item 2). axe on every page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from centres.models import Role
from tests.accounts.factories import PASSWORD, UserFactory
from tests.browser.a11y import assert_accessible
from tests.browser.conftest import login
from tests.centres.factories import CentreFactory, MembershipFactory
from tests.sessions_app.factories import SessionFactory


def test_a_teacher_of_several_centres_reaches_his_session_from_its_link(
    page: Page, live_server: Any, db: None, shots_dir: Path
) -> None:
    base = live_server.url
    teacher = UserFactory(email="prof@lycee.fr")
    annexe, hugo, zola = (CentreFactory(name=n) for n in ("Annexe", "Lycée Hugo", "Zola"))
    MembershipFactory(user=teacher, centre=annexe, role=Role.MEMBER)
    MembershipFactory(user=teacher, centre=hugo, role=Role.ADMIN)
    MembershipFactory(user=teacher, centre=zola, role=Role.MEMBER)
    SessionFactory(centre=hugo, room="Salle Hugo")
    session = SessionFactory(centre=zola, room="Salle Zola")

    login(page, base, teacher.email, PASSWORD)
    expect(page).to_have_url(f"{base}/sessions/")
    expect(page.get_by_label("Centre de certification")).to_have_value(str(hugo.pk))  # where he is administrator
    expect(page.get_by_role("cell", name="Salle Hugo")).to_be_visible()

    page.goto(f"{base}/sessions/{session.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cette page appartient à un autre de vos centres")
    expect(page.get_by_text(f"La session n° {session.pk} appartient au centre « Zola ».")).to_be_visible()
    assert_accessible(page, context="session d'un autre de mes centres")
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 800})
        page.screenshot(path=str(shots_dir / f"autre-centre-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.get_by_role("button", name="Travailler pour « Zola »").click()

    expect(page).to_have_url(f"{base}/sessions/{session.pk}/")
    expect(page.get_by_text("Vous travaillez maintenant pour Zola.")).to_be_visible()
    expect(page.locator(".pix-dl")).to_contain_text("Salle Zola")
    assert_accessible(page, context="session après changement de centre")

    page.get_by_role("button", name="Se déconnecter").click()
    login(page, base, teacher.email, PASSWORD)
    expect(page).to_have_url(f"{base}/sessions/")
    expect(page.get_by_label("Centre de certification")).to_have_value(str(zola.pk))  # the centre last used

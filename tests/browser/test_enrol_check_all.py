"""« Tout cocher » on « Inscrire des élèves » (issue 15): a class of 30 in one keystroke, with the count.

Keyboard only: Tab to « Tout cocher », Space, the count says « 30 élèves cochés »; one pupil unchecked gives
29 and a mixed « Tout cocher »; the pupils already enrolled are neither counted nor unchecked.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from candidates.models import Candidate
from candidates.services import candidates_enrol_students
from centres.models import Role
from tests.accounts.factories import PASSWORD, UserFactory
from tests.browser.a11y import assert_accessible
from tests.browser.conftest import login
from tests.centres.factories import MembershipFactory, ScoCentreFactory, StudentFactory
from tests.sessions_app.factories import SessionFactory


def test_a_school_enrols_a_whole_class_with_tout_cocher(page: Page, live_server: object, shots_dir: Path) -> None:
    base = live_server.url  # type: ignore[attr-defined]
    lycee = ScoCentreFactory(name="Lycée Victor Hugo")
    admin = MembershipFactory(centre=lycee, role=Role.ADMIN, user=UserFactory(email="admin@lycee.fr")).user
    session = SessionFactory(centre=lycee)
    pupils = StudentFactory.create_batch(30, centre=lycee, division="3B")
    StudentFactory.create_batch(5, centre=lycee, division="3A")
    candidates_enrol_students(session=session, by=admin, student_ids={pupils[0].pk, pupils[1].pk})

    login(page, base, admin.email, PASSWORD)
    page.goto(f"{base}/sessions/{session.pk}/candidats/inscrire-des-eleves/?division=3B")
    expect(page.get_by_text("30 élèves", exact=True)).to_be_visible()
    check_all = page.get_by_role("checkbox", name="Tout cocher")
    count = page.locator("#eleves-coches")
    expect(check_all).to_be_visible()
    expect(count).to_have_text("Aucun élève coché")
    assert_accessible(page, context="inscription, tout cocher")

    # Keyboard only.
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "tout-cocher":
            break
    else:
        raise AssertionError("« Tout cocher » jamais atteint au clavier")
    page.keyboard.press("Space")
    expect(count).to_have_text("28 élèves cochés")  # the two already enrolled are not counted
    expect(check_all).to_be_checked()
    assert page.locator("input[name=students]:checked:not([disabled])").count() == 28
    page.screenshot(path=str(shots_dir / "enrol_check_all.png"), full_page=True)

    page.get_by_role("checkbox", name=f"{pupils[5].first_name} {pupils[5].last_name}").uncheck(force=True)
    expect(count).to_have_text("27 élèves cochés")
    assert page.evaluate("document.getElementById('tout-cocher').indeterminate") is True
    page.get_by_role("checkbox", name=f"{pupils[5].first_name} {pupils[5].last_name}").check(force=True)
    expect(count).to_have_text("28 élèves cochés")

    # Uncheck all, then all again, then enrol.
    check_all.focus()
    page.keyboard.press("Space")
    expect(count).to_have_text("Aucun élève coché")
    expect(page.locator("input[name=students][disabled]:checked")).to_have_count(2)  # enrolled: untouched
    page.keyboard.press("Space")
    page.get_by_role("button", name="Inscrire les élèves cochés").click()
    expect(page.get_by_role("status").filter(has_text="inscrits à la session")).to_have_text(
        "28 élèves inscrits à la session."
    )
    assert Candidate.objects.filter(session=session).count() == 30
    assert not Candidate.objects.filter(session=session, student__division="3A").exists()
    # All enrolled now: nothing left to check.
    expect(count).to_have_text("Aucun élève coché")
    assert_accessible(page, context="inscription, classe entière inscrite")


def test_without_script_the_page_has_no_dead_tout_cocher(browser: object, live_server: object) -> None:
    base = live_server.url  # type: ignore[attr-defined]
    lycee = ScoCentreFactory()
    admin = MembershipFactory(centre=lycee, role=Role.ADMIN, user=UserFactory(email="admin@lycee.fr")).user
    session = SessionFactory(centre=lycee)
    StudentFactory.create_batch(3, centre=lycee, division="3B")
    context = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    page = context.new_page()
    try:
        login(page, base, admin.email, PASSWORD)
        page.goto(f"{base}/sessions/{session.pk}/candidats/inscrire-des-eleves/")
        expect(page.get_by_role("checkbox", name="Tout cocher")).to_be_hidden()
        expect(page.get_by_role("checkbox")).not_to_have_count(0)
    finally:
        context.close()

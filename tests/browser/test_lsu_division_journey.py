"""A school member downloads the results of one division from « Résultats par division » in Chromium."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect

from centres.models import Role
from results.services import session_publish
from tests.accounts.factories import PASSWORD, UserFactory
from tests.browser.a11y import assert_accessible
from tests.browser.conftest import login
from tests.centres.factories import MembershipFactory, ScoCentreFactory, StudentFactory
from tests.results.lsu_factories import student_course
from tests.results.publication_factories import finalised_session


def test_a_school_downloads_the_results_of_a_division(page: Page, live_server: Any, staff: Any) -> None:
    school = ScoCentreFactory(name="Collège Jean Moulin")
    member = MembershipFactory(centre=school, role=Role.MEMBER, user=UserFactory(email="prof@college.fr")).user
    session = finalised_session(school)
    student_course(session, StudentFactory(centre=school, division="3A", first_name="Léa"), pix=40)
    student_course(session, StudentFactory(centre=school, division="3B", first_name="Noé"), pix=60)
    session_publish(session=session, by=staff)
    base = live_server.url
    login(page, base, member.email, PASSWORD)

    page.get_by_role("link", name="Résultats par division").click()
    expect(page.get_by_role("heading", name="Résultats par division")).to_be_visible()
    assert_accessible(page, context="résultats par division")
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger les résultats de 3A (CSV)").click()
    content = download.value.path().read_bytes().decode("utf-8-sig")
    assert content.startswith("Numéro de certification;Prénom;Nom;")
    assert "Centre de certification" not in content
    assert content.count("\r\n") == 2 and ";Léa;" in content and "Noé" not in content

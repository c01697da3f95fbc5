"""The accessibility helper itself: it must catch a blocking violation, and say what it is."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.a11y import assert_accessible

CLEAN = '<!DOCTYPE html><html lang="fr"><head><title>Propre</title></head><body><main><h1>Bonjour</h1></main></body></html>'
# An image without text alternative and an unlabelled field: two « critical » axe rules.
BROKEN = (
    '<!DOCTYPE html><html lang="fr"><head><title>Cassé</title></head><body><main><h1>Bonjour</h1>'
    '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input type="text" name="x"></main></body></html>'
)


def test_a_clean_page_passes(page: Page) -> None:
    page.set_content(CLEAN)
    assert_accessible(page, context="page propre")


def test_a_blocking_violation_fails_with_a_readable_list(page: Page) -> None:
    page.set_content(BROKEN)
    with pytest.raises(AssertionError) as failure:
        assert_accessible(page, context="page cassée")
    message = str(failure.value)
    assert "page cassée" in message
    assert "image-alt (critical)" in message
    assert "label (critical)" in message
    assert "<img" in message

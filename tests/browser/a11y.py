"""Accessibility check shared by every browser journey: axe-core, run inside the page.

Usage::

    from tests.browser.a11y import assert_accessible

    page.goto(...)
    assert_accessible(page, context="liste des sessions")

It fails when axe reports any violation of impact « serious » or « critical » (RGAA / WCAG A-AA
rules included in axe's default run); « minor » and « moderate » ones are left to reviews.
The failure message lists each rule, its help URL and the offending elements, so it can be
fixed without rerunning anything.
"""

from __future__ import annotations

from typing import Any

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

BLOCKING_IMPACTS = frozenset({"serious", "critical"})
_MAX_NODES_SHOWN = 5

_axe = Axe()


def blocking_violations(page: Page) -> list[dict[str, Any]]:
    """axe's violations of impact « serious » or « critical » on the page as it is now."""
    results = _axe.run(page)
    return [v for v in results.response["violations"] if v.get("impact") in BLOCKING_IMPACTS]


def format_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}) : {violation['help']} — {violation['helpUrl']}")
        for node in violation["nodes"][:_MAX_NODES_SHOWN]:
            target = " ".join(str(t) for t in node.get("target", []))
            lines.append(f"    · {target} : {node.get('html', '')[:160]}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"      {summary[:300]}")
        if len(violation["nodes"]) > _MAX_NODES_SHOWN:
            lines.append(f"    · … et {len(violation['nodes']) - _MAX_NODES_SHOWN} autre(s)")
    return "\n".join(lines)


def assert_accessible(page: Page, context: str = "") -> None:
    """Fail when axe finds a « serious » or « critical » violation on the current page."""
    violations = blocking_violations(page)
    if violations:
        where = context or page.url
        raise AssertionError(
            f"Accessibilité : {len(violations)} règle(s) axe bloquante(s) sur « {where} » ({page.url}) :\n"
            + format_violations(violations)
        )

"""DESIGN.md: imports point one way only, down the order of the apps; a lower app never imports a higher one.

The project package (pixcertif/: settings, urls, demo commands) sits above every app.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ORDER = [
    "accounts",
    "centres",
    "referential",
    "sessions_app",
    "candidates",
    "certification",
    "finalisation",
    ("supervision", "results"),
]
ROOT = Path(__file__).resolve().parent.parent


def _rank() -> dict[str, int]:
    ranks: dict[str, int] = {}
    for index, entry in enumerate(ORDER):
        for app in entry if isinstance(entry, tuple) else (entry,):
            ranks[app] = index
    return ranks


RANK = _rank()


def _imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names & set(RANK)


def _modules() -> list[tuple[str, Path]]:
    found = []
    for app in RANK:
        folder = ROOT / app
        if folder.is_dir():
            found += [(app, path) for path in sorted(folder.rglob("*.py")) if "migrations" not in path.parts]
    return found


@pytest.mark.parametrize(("app", "path"), _modules(), ids=lambda v: str(v.relative_to(ROOT)) if isinstance(v, Path) else v)
def test_it_never_imports_a_higher_app(app: str, path: Path) -> None:
    higher = sorted(name for name in _imported_apps(path) if RANK[name] > RANK[app])
    assert not higher, f"{path.relative_to(ROOT)} ({app}) importe {higher}, plus haut dans l'ordre de DESIGN.md"


def test_it_knows_every_app_of_the_project() -> None:
    apps = {p.parent.name for p in ROOT.glob("*/apps.py")} - {"pixcertif"}
    assert apps <= set(RANK), f"Applications absentes de l'ordre des imports : {sorted(apps - set(RANK))}"

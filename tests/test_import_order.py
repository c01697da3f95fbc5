"""DESIGN.md: imports point one way only, down the order of the apps; a lower app never imports a higher one.

- `pixcertif/lib/` is the ground floor: every app may import it, it imports no app (and nothing of the project
  around it: settings, urls, Celery).
- `pixcertif/` itself is the project. Only its wiring modules (`WIRING`: `urls.py` routes to the apps' views)
  import apps; `settings.py` and `celery.py` name them by dotted strings, which Django and Celery resolve. No app
  imports the project (an app reads `django.conf.settings`, never `pixcertif.settings`).
- `demo/` (the demo commands and question bank) is the roof: it may import every app, and no app nor the project
  imports it (only the tests, and the bench's tooling, which sits outside the apps).
- No import circle between the modules, counting the imports inside functions too: an import moved into a
  function to let a circle run is still that circle.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
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
    "demo",
]
ROOT = Path(__file__).resolve().parent.parent
PROJECT = "pixcertif"
# The project's modules that may import apps: the URL configuration routes to their views.
WIRING = {"urls.py", "settings.py", "celery.py"}


def _rank() -> dict[str, int]:
    ranks: dict[str, int] = {}
    for index, entry in enumerate(ORDER):
        for app in entry if isinstance(entry, tuple) else (entry,):
            ranks[app] = index
    return ranks


RANK = _rank()


def _imports(path: Path) -> Iterator[ast.Import | ast.ImportFrom]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node


def _imported_modules(path: Path) -> set[str]:
    """Every absolute module named by an import of the file, at module level or inside a function."""
    names: set[str] = set()
    for node in _imports(path):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)  # `from results import api`
    return names


def _imported_apps(path: Path) -> set[str]:
    return {name.split(".")[0] for name in _imported_modules(path)} & set(RANK)


def _sources(package: str) -> list[Path]:
    return [path for path in sorted((ROOT / package).rglob("*.py")) if "migrations" not in path.parts]


def _modules() -> list[tuple[str, Path]]:
    return [(app, path) for app in RANK for path in _sources(app)]


def _project_modules() -> list[Path]:
    return [path for path in _sources(PROJECT) if "lib" not in path.relative_to(ROOT / PROJECT).parts[:1]]


def _relative(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.mark.parametrize(("app", "path"), _modules(), ids=lambda v: _relative(v) if isinstance(v, Path) else v)
def test_it_never_imports_a_higher_app(app: str, path: Path) -> None:
    higher = sorted(name for name in _imported_apps(path) if RANK[name] > RANK[app])
    assert not higher, f"{_relative(path)} ({app}) importe {higher}, plus haut dans l'ordre de DESIGN.md"


@pytest.mark.parametrize(("app", "path"), _modules(), ids=lambda v: _relative(v) if isinstance(v, Path) else v)
def test_an_app_imports_of_the_project_only_its_lib(app: str, path: Path) -> None:
    project = sorted(
        name
        for name in _imported_modules(path)
        if name.split(".")[0] == PROJECT and not name.startswith(f"{PROJECT}.lib")
    )
    # `from pixcertif.lib import x` names `pixcertif.lib` and `pixcertif.lib.x`: both are the lib.
    assert not project, f"{_relative(path)} ({app}) importe {project} : une application n'importe que pixcertif.lib"


@pytest.mark.parametrize("path", _sources(f"{PROJECT}/lib"), ids=_relative)
def test_the_lib_imports_no_app_and_nothing_of_the_project(path: Path) -> None:
    names = _imported_modules(path)
    apps = sorted({name.split(".")[0] for name in names} & set(RANK))
    project = sorted(n for n in names if n.split(".")[0] == PROJECT and not n.startswith(f"{PROJECT}.lib"))
    assert not apps and not project, f"{_relative(path)} (pixcertif.lib) importe {apps + project}"


@pytest.mark.parametrize("path", _project_modules(), ids=_relative)
def test_the_project_imports_apps_only_from_its_wiring_and_never_the_demo(path: Path) -> None:
    apps = sorted(_imported_apps(path))
    assert "demo" not in apps, f"{_relative(path)} importe demo, que seuls les tests importent"
    if path.parent == ROOT / PROJECT and path.name in WIRING:
        return
    assert not apps, f"{_relative(path)} importe {apps} ; seuls {sorted(WIRING)} du projet importent des applications"


def test_it_knows_every_app_of_the_project() -> None:
    apps = {p.parent.name for p in ROOT.glob("*/apps.py")} - {PROJECT}
    assert apps <= set(RANK), f"Applications absentes de l'ordre des imports : {sorted(apps - set(RANK))}"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _import_graph() -> dict[str, set[str]]:
    """Module → the project's modules it imports (`from results import api` → `results.api`)."""
    paths = {_module_name(path): path for package in [*RANK, PROJECT] for path in _sources(package)}
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        graph[name] = set()
        for node in _imports(path):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif node.module and node.level == 0:
                targets = [
                    f"{node.module}.{alias.name}" if f"{node.module}.{alias.name}" in paths else node.module
                    for alias in node.names
                ]
            else:
                continue
            graph[name] |= {target for target in targets if target in paths and target != name}
    return graph


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for imported in sorted(graph[module]):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == module:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return found


def test_no_module_imports_itself_back_through_a_circle() -> None:
    circles = _circles(_import_graph())
    assert not circles, f"Imports en cercle (y compris ceux placés dans une fonction) : {circles}"


def test_the_circle_check_finds_a_circle() -> None:
    graph = {"a.x": {"a.y"}, "a.y": {"a.z"}, "a.z": {"a.x"}, "b.w": {"a.x"}}
    assert _circles(graph) == [["a.x", "a.y", "a.z"]]

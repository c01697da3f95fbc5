"""Every named URL of the project reverses and resolves back to itself (cookiecutter-django's test)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

SAMPLE_VALUES = {"int": 1, "string": "abc", "slug": "un-slug", "path": "un/chemin", "uuid": "12345678-1234-5678-1234-567812345678"}


@dataclass(frozen=True)
class Route:
    name: str  # with its namespace, e.g. "sessions_app:session_detail"
    route: str  # the whole pattern, e.g. "sessions/<int:pk>/"
    converters: tuple[tuple[str, str], ...]  # (argument, converter type)

    @property
    def namespace(self) -> str:
        return self.name.rpartition(":")[0]

    def sample_kwargs(self) -> dict[str, object]:
        return {arg: SAMPLE_VALUES[kind] for arg, kind in self.converters}


def _converter_kind(converter: object) -> str:
    return type(converter).__name__.removesuffix("Converter").lower()


def walk(patterns: list[object] | None = None, namespace: str = "", prefix: str = "",
         converters: tuple[tuple[str, str], ...] = ()) -> Iterator[Route]:
    """Every named pattern of the project, admin excluded (Django's own, tested by Django)."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        found = tuple((arg, _converter_kind(c)) for arg, c in getattr(pattern.pattern, "converters", {}).items())  # type: ignore[attr-defined]
        route = prefix + str(pattern.pattern)  # type: ignore[attr-defined]
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else (pattern.namespace or namespace)
            yield from walk(pattern.url_patterns, inner, route, converters + found)
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield Route(name=name, route=route, converters=converters + found)


ROUTES = list(walk())


def test_it_finds_the_routes_of_every_app() -> None:
    namespaces = {r.namespace for r in ROUTES}
    assert {"", "accounts", "centres", "sessions_app"} <= namespaces
    assert "admin" not in namespaces
    assert len(ROUTES) == len({r.name for r in ROUTES}), "two patterns share a name"


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_it_reverses_and_resolves_every_named_url(route: Route) -> None:
    url = reverse(route.name, kwargs=route.sample_kwargs())
    match = resolve(url)
    assert match.view_name == route.name
    assert match.kwargs == route.sample_kwargs()

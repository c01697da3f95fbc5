"""Pure rules about placement profiles."""

from __future__ import annotations

from collections.abc import Iterable

# DOMAIN.md / issue 3: a student is certifiable with at least 5 competences at level 1 or more.
MIN_CERTIFIABLE_COMPETENCES = 5


def is_certifiable(levels: Iterable[int]) -> bool:
    """Whether a profile with these competence levels may take the certification."""
    return sum(1 for level in levels if level >= 1) >= MIN_CERTIFIABLE_COMPETENCES

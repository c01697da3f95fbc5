"""House rules that a grep can check, so that they stay true as the code grows."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = (
    "accounts",
    "centres",
    "referential",
    "sessions_app",
    "candidates",
    "certification",
    "finalisation",
    "supervision",
    "results",
    "demo",
)


def _sources() -> list[Path]:
    return [p for app in APPS for p in (ROOT / app).rglob("*.py") if "migrations" not in p.parts]


def test_row_locks_with_joins_lock_only_their_own_row() -> None:
    # PostgreSQL refuses FOR UPDATE on the nullable side of an outer join, and locking the joined rows
    # (the centre of every session…) would serialise unrelated work.
    pattern = re.compile(r"select_for_update\(\)\s*\.\s*select_related\(")
    offenders = [str(p.relative_to(ROOT)) for p in _sources() if pattern.search(p.read_text(encoding="utf-8"))]
    assert not offenders, f'select_for_update(of=("self",)) avant select_related : {offenders}'

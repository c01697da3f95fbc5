from __future__ import annotations

import re
from pathlib import Path

import pytest

from sessions_app.event_labels import LABELS, event_label
from sessions_app.models import SessionEvent

ROOT = Path(__file__).resolve().parents[2]
SESSION_EVENT_APPS = ("sessions_app", "candidates", "certification", "finalisation", "supervision", "results")


def _kinds_written_as_session_events() -> set[str]:
    kinds: set[str] = set()
    for app in SESSION_EVENT_APPS:
        for path in (ROOT / app).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            for call in re.finditer(r"session_event_record\((.{0,400}?)\)", text, re.S):
                kinds.update(re.findall(r'kind="([a-z_]+\.[a-z_]+)"', call.group(1)))
    return kinds


def test_it_has_a_french_label_for_every_event_the_code_writes() -> None:
    kinds = _kinds_written_as_session_events()
    assert "session.created" in kinds  # the scan works
    missing = sorted(kinds - set(LABELS) - {"candidates.imported", "session.deleted"})
    assert not missing, f"Événements sans libellé dans sessions_app/event_labels.py : {missing}"


@pytest.mark.parametrize(
    ("kind", "data", "expected"),
    [
        ("session.created", {}, "Session créée"),
        ("session.postponed", {"new_session": 12}, "Session reportée (nouvelle session n° 12)"),
        ("candidate.enrolled", {"name": "Léa Arnaud"}, "Candidat inscrit : Léa Arnaud"),
        ("candidate.enrolled", {}, "Candidat inscrit"),
        ("candidates.imported", {"count": 1}, "Liste des candidats importée : 1 candidat"),
        ("candidates.imported", {"count": 3}, "Liste des candidats importée : 3 candidats"),
        ("unknown.kind", {}, "unknown.kind"),
    ],
)
def test_it_reads_an_event_in_french(kind: str, data: dict[str, object], expected: str) -> None:
    assert event_label(SessionEvent(kind=kind, data=data, session_number=1)) == expected

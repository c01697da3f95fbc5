"""Every audit kind the code writes or reads is a member of its TextChoices, and every member reads in French."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.db import models
from django.utils.functional import Promise

from centres.models import CentreEvent, CentreEventKind
from sessions_app.event_kinds import SessionEventKind
from sessions_app.event_labels import LINES, event_label, kind_label
from sessions_app.models import SessionEvent

ROOT = Path(__file__).resolve().parents[2]
SKIPPED = {".venv", "tests", "migrations", "var", "node_modules"}
MEMBERS = {member.name: member.value for kinds in (SessionEventKind, CentreEventKind) for member in kinds}


def _modules() -> list[Path]:
    return [path for path in sorted(ROOT.rglob("*.py")) if not SKIPPED & set(path.relative_to(ROOT).parts)]


def _constants(tree: ast.Module) -> dict[str, str]:
    """The module's NAME = "a.b" assignments (``PROFILES_IMPORTED = "profiles.imported"``)."""
    found: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            found.update({target.id: node.value.value for target in node.targets if isinstance(target, ast.Name)})
    return found


def _values(node: ast.expr, constants: dict[str, str]) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _values(node.body, constants) + _values(node.orelse, constants)
    if isinstance(node, ast.Name) and node.id in constants:
        return [constants[node.id]]
    if isinstance(node, ast.Attribute) and node.attr in constants:
        return [constants[node.attr]]
    if isinstance(node, ast.Attribute) and node.attr in MEMBERS:  # SessionEventKind.SESSION_CREATED
        return [MEMBERS[node.attr]]
    return []  # a parameter passed on (``kind=kind``): its callers are walked


def _kinds_in_code() -> dict[str, set[tuple[str, str]]]:
    """Each ``kind=…`` of a call, sorted by the journal its call names: centre, session, or either."""
    modules = {path: ast.parse(path.read_text(encoding="utf-8")) for path in _modules()}
    constants: dict[str, str] = {}
    for tree in modules.values():
        constants.update(_constants(tree))
    kinds: dict[str, set[tuple[str, str]]] = {"centre": set(), "session": set(), "either": set()}
    for path, tree in modules.items():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            for keyword in node.keywords:
                if keyword.arg not in ("kind", "event"):  # event=: the lifecycle's steps
                    continue
                values = [v for v in _values(keyword.value, constants) if "." in v]
                call = ast.unparse(node)
                journal = (
                    "centre"
                    if "CentreEvent" in call or "centre_event" in call
                    else "session"
                    if "SessionEvent" in call or "session_event" in call or ".events." in call or call.startswith("Step(")
                    else "either"
                )
                where = f"{path.relative_to(ROOT)}:{node.lineno}"
                kinds[journal].update((value, where) for value in values)
    return kinds


KINDS = _kinds_in_code()


def test_the_walk_finds_the_kinds_of_every_app() -> None:
    found = {kind for _journal, pairs in KINDS.items() for kind, _where in pairs}
    assert {"session.created", "candidate.enrolled", "jury.course_uncancelled", "course.scored"} <= found
    assert {"membership.created", "profiles.imported", "students.purged"} <= found


def test_every_member_is_written_or_read_somewhere() -> None:
    found = {kind for _journal, pairs in KINDS.items() for kind, _where in pairs}
    unused = sorted({*SessionEventKind.values, *CentreEventKind.values} - found)
    assert not unused, f"Membres que le code n'écrit plus : {unused}"


def test_every_session_event_kind_the_code_writes_is_a_member() -> None:
    missing = sorted(f"{kind} ({where})" for kind, where in KINDS["session"] if kind not in SessionEventKind.values)
    assert not missing, f"Ajoutez ces événements à SessionEventKind (sessions_app/event_kinds.py) : {missing}"


def test_every_centre_event_kind_the_code_writes_is_a_member() -> None:
    missing = sorted(f"{kind} ({where})" for kind, where in KINDS["centre"] if kind not in CentreEventKind.values)
    assert not missing, f"Ajoutez ces événements à CentreEventKind (centres/models.py) : {missing}"


def test_every_other_kind_the_code_writes_is_a_member_of_one_journal() -> None:
    known = {*SessionEventKind.values, *CentreEventKind.values}
    missing = sorted(f"{kind} ({where})" for kind, where in KINDS["either"] if kind not in known)
    assert not missing, missing


@pytest.mark.parametrize("kinds", [SessionEventKind, CentreEventKind], ids=lambda k: k.__name__)
def test_every_member_has_a_french_label(kinds: type[models.TextChoices]) -> None:
    for member in kinds:
        assert isinstance(member.label, Promise), member  # gettext_lazy: translated when shown
        label = str(member.label)
        assert label and label != member.value and "%(" not in label, member
        assert label[0].isupper(), member


def test_every_history_line_belongs_to_a_member() -> None:
    assert set(LINES) <= set(SessionEventKind.values)


def test_the_audit_models_use_their_choices() -> None:
    assert SessionEvent._meta.get_field("kind").choices == SessionEventKind.choices
    assert CentreEvent._meta.get_field("kind").choices == CentreEventKind.choices


@pytest.mark.parametrize(
    ("kind", "data", "expected"),
    [
        ("session.created", {}, "Session créée"),
        ("session.postponed", {"new_session": 12}, "Session reportée (nouvelle session n° 12)"),
        ("candidate.enrolled", {"name": "Léa Arnaud"}, "Candidat inscrit : Léa Arnaud"),
        ("candidate.enrolled", {}, "Candidat inscrit"),
        ("candidates.imported", {"count": 1}, "Liste des candidats importée : 1 candidat"),
        ("candidates.imported", {"count": 3}, "Liste des candidats importée : 3 candidats"),
        ("candidates.postponed", {"count": 2, "new_session": 9}, "2 candidats reportés vers la session n° 9"),
        ("candidates.postponed", {"new_session": 9}, "Candidats reportés vers la session n° 9"),
        ("jury.question_neutralised", {"question": 4}, "Jury : question n° 4 neutralisée"),
        ("jury.course_cancelled", {}, "Jury : certification annulée"),
        (
            "session.auto_jury",
            {"resolved": 1, "neutralised": 2, "rescored": 3},
            "Auto-jury : 1 signalement(s) résolu(s), 2 question(s) neutralisée(s), 3 test(s) recalculé(s)",
        ),
        ("certificates.batch_ready", {"count": 5}, "Certificats de la session prêts (5 certificat(s))"),
        ("unknown.kind", {}, "unknown.kind"),
    ],
)
def test_it_reads_an_event_in_french(kind: str, data: dict[str, object], expected: str) -> None:
    assert event_label(SessionEvent(kind=kind, data=data, session_number=1)) == expected


def test_the_filter_names_each_kind_by_its_label() -> None:
    assert kind_label("candidate.enrolled") == "Candidat inscrit"
    assert kind_label("jury.question_neutralised") == "Jury : question neutralisée"  # was « Jury » for every jury kind
    assert kind_label("unknown.kind") == "unknown.kind"

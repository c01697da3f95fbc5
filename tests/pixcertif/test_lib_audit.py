"""The audit rows' data as the admin's history reads it: French labels and values, never the JSON."""

from __future__ import annotations

import pytest

from centres.event_labels import centre_event_details
from centres.models import CentreEvent
from pixcertif.lib.audit import audit_details
from sessions_app.event_labels import event_details, kind_label
from sessions_app.models import SessionEvent


def test_it_writes_one_line_per_key_with_its_label() -> None:
    assert (
        audit_details({"name": "Léa Arnaud", "count": 3}, labels={"name": "Candidat"})
        == "Candidat : Léa Arnaud\ncount : 3"
    )


def test_it_reads_before_and_after_and_the_fields_inside() -> None:
    details = audit_details(
        {"changes": {"room": ["Amphi A", "Amphi B"], "extra_time_percentage": ["", "33"]}},
        labels={"changes": "Modifications"},
        fields={"room": "Nom de la salle", "extra_time_percentage": "Temps majoré"},
    )
    assert details == "Modifications : Nom de la salle : Amphi A → Amphi B ; Temps majoré : — → 33"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, "oui"),
        (False, "non"),
        (None, "—"),
        ("2031-02-03", "03/02/2031"),
        ("2031-02-03T08:30:00+00:00", "03/02/2031 09:30"),  # Paris time
        ("2031-02-03 nonsense", "2031-02-03 nonsense"),
        ([4, 7, 9], "4, 7, 9"),
    ],
)
def test_it_writes_values_as_the_pages_do(value: object, expected: str) -> None:
    assert audit_details({"x": value}, labels={}) == f"x : {expected}"


def test_a_session_event_reads_in_french() -> None:
    event = SessionEvent(
        kind="candidate.updated",
        data={"candidate": 12, "name": "Léa Arnaud", "changes": {"birth_city": ["Nantes", "Rennes"]}},
    )
    assert event_details(event) == (
        "N° du candidat : 12\nCandidat : Léa Arnaud\nModifications : Commune de naissance : Nantes → Rennes"
    )
    assert kind_label("candidate.enrolled") == "Candidat inscrit"
    assert kind_label("session.deleted") == "Session supprimée"


def test_a_centre_event_reads_in_french() -> None:
    event = CentreEvent(kind="membership.role_changed", data={"user": "a@b.fr", "old": "MEMBER", "new": "ADMIN"})
    assert event.get_kind_display() == "Rôle d'un membre modifié"
    assert centre_event_details(event) == "Membre : a@b.fr\nAncien rôle : Membre\nNouveau rôle : Administrateur"

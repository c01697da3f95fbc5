from __future__ import annotations

import copy
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from referential.answers import is_correct
from referential.models import Challenge, ChallengeStatus, ChallengeType, Skill, Tube
from referential.services_content import ContentBankError, content_bank_import

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2021, 3, 1, 9, 0, tzinfo=dt.UTC)


def bank() -> dict[str, Any]:
    return {
        "tubes": [
            {
                "name": "@extension",
                "competence": "1.2",
                "skills": [
                    {
                        "name": "@extension1",
                        "level": 1,
                        "challenges": [
                            {
                                "id": "recA",
                                "type": "QCU",
                                "instruction": "Quelle extension correspond à un fichier de tableur ?",
                                "proposals": [".mp3", ".ods", ".jpg"],
                                "solution": 1,
                            },
                            {
                                "id": "recB",
                                "type": "QCM",
                                "instruction": "Quels formats sont des images ?",
                                "proposals": [".png", ".odt", ".jpg"],
                                "solution": [0, 2],
                                "timer_seconds": 60,
                                "has_image": True,
                            },
                        ],
                    },
                    {
                        "name": "@extension2",
                        "level": 2,
                        "challenges": [
                            {
                                "id": "recC",
                                "type": "QROC",
                                "instruction": "Quelle est l'extension de « rapport.pdf » ?",
                                "solution": ["pdf", ".pdf"],
                                "is_focus": True,
                            }
                        ],
                    },
                ],
            }
        ]
    }


def test_it_loads_tubes_skills_and_challenges() -> None:
    result = content_bank_import(data=bank(), now=NOW)
    assert (result.tubes, result.skills, result.challenges, result.created) == (1, 2, 3, 3)
    tube = Tube.objects.get()
    assert tube.competence.code == "1.2"
    assert list(Skill.objects.values_list("name", "level")) == [("@extension1", 1), ("@extension2", 2)]
    timed = Challenge.objects.get(external_id="recB")
    assert (timed.type, timed.solution, timed.timer_seconds, timed.has_image) == ("QCM", [0, 2], 60, True)
    assert Challenge.objects.get(external_id="recC").is_focus


def test_it_writes_nothing_when_the_same_file_is_loaded_again() -> None:
    content_bank_import(data=bank(), now=NOW)
    again = content_bank_import(data=bank(), now=NOW)
    assert (again.created, again.updated, again.obsoleted) == (0, 0, 0)
    assert Challenge.objects.count() == 3


def test_it_updates_a_challenge_by_its_id() -> None:
    content_bank_import(data=bank(), now=NOW)
    changed = bank()
    changed["tubes"][0]["skills"][0]["challenges"][0]["instruction"] = "Quelle extension a un classeur LibreOffice ?"
    result = content_bank_import(data=changed, now=NOW)
    assert (result.created, result.updated) == (0, 1)
    assert Challenge.objects.get(external_id="recA").instruction == "Quelle extension a un classeur LibreOffice ?"


def test_it_makes_a_challenge_left_out_of_the_file_obsolete_and_restores_it_when_it_returns() -> None:
    content_bank_import(data=bank(), now=NOW)
    shorter = bank()
    del shorter["tubes"][0]["skills"][1]["challenges"][0]
    assert content_bank_import(data=shorter, now=NOW).obsoleted == 1
    retired = Challenge.objects.get(external_id="recC")
    assert (retired.status, retired.archived_at) == (ChallengeStatus.OBSOLETE, NOW)
    assert content_bank_import(data=bank(), now=NOW).updated == 1
    retired.refresh_from_db()
    assert (retired.status, retired.archived_at) == (ChallengeStatus.VALIDATED, None)


@pytest.mark.parametrize(
    ("written", "status"),
    [
        ("validated", ChallengeStatus.VALIDATED),
        ("archived", ChallengeStatus.ARCHIVED),
        ("obsolete", ChallengeStatus.OBSOLETE),
        ("validé", ChallengeStatus.VALIDATED),
        ("archivé", ChallengeStatus.ARCHIVED),
        ("périmé", ChallengeStatus.OBSOLETE),
    ],
)
def test_it_carries_the_status_the_file_gives_a_challenge(written: str, status: ChallengeStatus) -> None:
    content_bank_import(data=broken([*CHALLENGE, "status"], written), now=NOW)
    challenge = Challenge.objects.get(external_id="recA")
    assert (challenge.status, challenge.archived_at) == (status, None if status == ChallengeStatus.VALIDATED else NOW)


def test_it_carries_the_qrocm_dep_type_with_its_accepted_answers() -> None:
    data = bank()
    data["tubes"][0]["skills"][1]["challenges"][0]["type"] = "QROCM-dep"
    content_bank_import(data=data, now=NOW)
    challenge = Challenge.objects.get(external_id="recC")
    assert challenge.type == ChallengeType.QROCM_DEP
    assert is_correct(challenge, "PDF")


def test_it_archives_a_challenge_the_file_archives_and_validates_it_again_later() -> None:
    content_bank_import(data=bank(), now=NOW)
    later = NOW + dt.timedelta(days=1)
    result = content_bank_import(data=broken([*CHALLENGE, "status"], "archived"), now=later)
    assert result.updated == 1
    challenge = Challenge.objects.get(external_id="recA")
    assert (challenge.status, challenge.archived_at) == (ChallengeStatus.ARCHIVED, later)
    content_bank_import(data=bank(), now=later)
    challenge.refresh_from_db()
    assert (challenge.status, challenge.archived_at) == (ChallengeStatus.VALIDATED, None)


def broken(path: list[Any], value: Any) -> dict[str, Any]:
    data = copy.deepcopy(bank())
    target: Any = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return data


CHALLENGE = ["tubes", 0, "skills", 0, "challenges", 0]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "objet JSON avec une liste « tubes »"),
        (broken(["tubes", 0, "competence"], "9.9"), "Sujet @extension : la compétence « 9.9 » n'existe pas."),
        (broken(["tubes", 0, "skills", 0, "level"], 9), "Acquis @extension1 : le niveau doit être un entier de 1 à 8."),
        (
            broken([*CHALLENGE, "solution"], 3),
            "Épreuve recA (acquis @extension1) : la solution 3 ne désigne aucune des 3 propositions",
        ),
        (
            broken([*CHALLENGE, "type"], "QCX"),
            "Épreuve recA (acquis @extension1) : le type « QCX » n'est pas QCU, QCM, QROC ni QROCM-dep",
        ),
        (broken([*CHALLENGE, "instruction"], " "), "Épreuve recA (acquis @extension1) : la consigne est vide"),
        (broken([*CHALLENGE, "timer_seconds"], 0), "Épreuve recA (acquis @extension1) : le temps imparti"),
        (broken([*CHALLENGE, "is_focus"], "oui"), "« is_focus » doit valoir true ou false"),
        (broken([*CHALLENGE, "colour"], "red"), "champs inconnus : colour"),
        (broken([*CHALLENGE, "status"], "brouillon"), "le statut « brouillon » n'est pas validated, archived ni obsolete"),
        (
            broken(["tubes", 0, "skills", 0, "challenges", 1, "solution"], [2, 0]),
            "Épreuve recB (acquis @extension1) : la solution d'une QCM est une liste d'indices croissants",
        ),
        (
            broken(["tubes", 0, "skills", 1, "challenges", 0, "solution"], []),
            "Épreuve recC (acquis @extension2) : la solution d'une QROC",
        ),
        (
            broken(["tubes", 0, "skills", 1, "challenges", 0, "id"], "recA"),
            "Épreuve recA : elle figure deux fois dans le fichier.",
        ),
        (
            broken(["tubes", 0, "skills", 1, "level"], 1),
            "Acquis @extension2 : le sujet @extension a déjà un acquis de niveau 1.",
        ),
    ],
)
def test_it_refuses_a_wrong_file_whole_naming_the_item(data: Any, message: str) -> None:
    with pytest.raises(ContentBankError) as error:
        content_bank_import(data=data, now=NOW)
    assert any(message in e for e in error.value.errors), error.value.errors
    assert not Tube.objects.exists() and not Challenge.objects.exists()


def test_it_reports_every_error_at_once() -> None:
    data = broken([*CHALLENGE, "solution"], 7)
    data["tubes"][0]["skills"][1]["challenges"][0]["type"] = "QCX"
    with pytest.raises(ContentBankError) as error:
        content_bank_import(data=data, now=NOW)
    assert len(error.value.errors) == 2


def test_the_command_loads_a_file_and_tells_a_broken_one(tmp_path: Path) -> None:
    good = tmp_path / "banque.json"
    good.write_text(json.dumps(bank()), encoding="utf-8")
    out = io.StringIO()
    call_command("load_content", str(good), stdout=out)
    assert "3 ajoutées" in out.getvalue()
    bad = tmp_path / "cassee.json"
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(CommandError, match="n'est pas un fichier JSON valide"):
        call_command("load_content", str(bad))
    wrong = tmp_path / "fausse.json"
    wrong.write_text(json.dumps(broken([*CHALLENGE, "solution"], 5)), encoding="utf-8")
    with pytest.raises(CommandError, match="Épreuve recA"):
        call_command("load_content", str(wrong))

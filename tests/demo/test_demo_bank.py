"""The demo question bank is a data file (demo/bank/banque-demo.json), written once by demo/bank/generate.py and
loaded by `load_demo_content` through the content import: the file is what the generator writes, and loading it
gives every challenge of the file with its identifier, skill, type, timing and status."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from demo.bank import generate
from demo.management.commands.load_demo_content import DEMO_BANK
from referential.models import Challenge, ChallengeStatus, ChallengeType, Skill, Tube

BANK_FILE = Path(generate.__file__).with_name("banque-demo.json")


def test_the_committed_file_is_what_the_generator_writes() -> None:
    assert DEMO_BANK == BANK_FILE
    written = json.dumps(generate.build(), ensure_ascii=False, indent=1) + "\n"
    assert BANK_FILE.read_text(encoding="utf-8") == written


@pytest.mark.django_db
def test_loading_it_gives_every_challenge_of_the_file_validated() -> None:
    out = io.StringIO()
    call_command("load_demo_content", stdout=out)
    assert "33 sujets, 97 acquis, 328 épreuves : 328 ajoutées, 0 modifiées, 0 périmées" in out.getvalue()
    bank = json.loads(BANK_FILE.read_text(encoding="utf-8"))
    in_file = {c["id"] for tube in bank["tubes"] for skill in tube["skills"] for c in skill["challenges"]}
    assert set(Challenge.objects.values_list("external_id", flat=True)) == in_file
    assert (Tube.objects.count(), Skill.objects.count(), len(in_file)) == (33, 97, 328)
    assert set(Challenge.objects.values_list("status", flat=True)) == {ChallengeStatus.VALIDATED}
    types = {t: Challenge.objects.filter(type=t).count() for t in ChallengeType.values}
    assert types == {"QCU": 226, "QCM": 33, "QROC": 69, "QROCM-dep": 0}


@pytest.mark.django_db
def test_a_few_known_challenges_keep_their_identifier_skill_and_fields() -> None:
    call_command("load_demo_content", stdout=io.StringIO())
    focus = Challenge.objects.select_related("skill__tube__competence").get(external_id="recfc374f5b8a88ba")
    assert (focus.skill.name, focus.skill.level, focus.skill.tube.competence.code) == ("@rechercheInfo1", 1, "1.1")
    assert (focus.type, focus.is_focus, focus.timer_seconds, focus.solution) == (ChallengeType.QCU, True, None, 2)
    assert focus.proposals[focus.solution] == "Un moteur de recherche"
    timed = Challenge.objects.get(external_id="rec1ac17c09773d94")
    assert (timed.timer_seconds, timed.is_focus, timed.solution) == (60, False, 0)
    several = Challenge.objects.get(external_id="rec81ab2ad7b2a25f")
    assert (several.skill.name, several.type, several.solution) == ("@rechercheInfo5", ChallengeType.QCM, [1, 3])
    typed = Challenge.objects.get(external_id="rec65e1672cc8f5de")
    assert (typed.type, typed.proposals, typed.solution) == (ChallengeType.QROC, [], ["site", "site:"])
    assert Challenge.objects.get(external_id="recf0a000be5d233c").has_image

"""Load the demo content bank shipped in the repository (demo/bank/banque-demo.json, written by demo/bank/generate.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from referential.management.commands.load_content import load_bank_file, summary

DEMO_BANK = Path(__file__).resolve().parents[2] / "bank" / "banque-demo.json"


class Command(BaseCommand):
    help = (
        "Charge la banque d'épreuves de démonstration (16 compétences, niveaux 1 à 6). Sans effet si elle est à jour."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(self.style.SUCCESS("Banque de démonstration : " + summary(load_bank_file(DEMO_BANK))))

"""Load a content-bank JSON file (docs/banque-de-contenu.md): `manage.py load_content banque.json`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from referential.services_content import ContentBankError, ContentImportResult, content_bank_import


def load_bank_file(path: Path) -> ContentImportResult:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CommandError(f"Impossible de lire {path} : {exc.strerror}.") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CommandError(f"{path} n'est pas un fichier JSON valide en UTF-8 : {exc}.") from exc
    try:
        return content_bank_import(data=data)
    except ContentBankError as exc:
        raise CommandError("Banque refusée, rien n'a été enregistré :\n- " + "\n- ".join(exc.errors)) from exc


def summary(result: ContentImportResult) -> str:
    return (
        f"{result.tubes} sujets, {result.skills} acquis, {result.challenges} épreuves : "
        f"{result.created} ajoutées, {result.updated} modifiées, {result.obsoleted} périmées (absentes du fichier)."
    )


class Command(BaseCommand):
    help = "Charge une banque d'épreuves au format JSON ; les épreuves absentes du fichier sont archivées."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path, help="Fichier JSON de la banque d'épreuves")

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(self.style.SUCCESS(summary(load_bank_file(options["file"]))))

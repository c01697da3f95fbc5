"""`manage.py demo_files`: write the demo import files into var/demo/ (demo/files.py) and say where they are."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from demo.files import describe, write_demo_files


class Command(BaseCommand):
    help = "Écrit dans var/demo/ les fichiers de démonstration : export SIECLE, collecte de profils, liste ODS."

    def handle(self, *args: Any, **options: Any) -> None:
        for line in describe(write_demo_files()):
            self.stdout.write(line)

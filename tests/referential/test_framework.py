from __future__ import annotations

import pytest

from referential.framework import AREAS, COMPETENCES
from referential.models import Area, Competence

pytestmark = pytest.mark.django_db


def test_it_loads_the_five_areas_with_their_names() -> None:
    assert list(Area.objects.values_list("code", "name")) == [
        ("1", "Information et données"),
        ("2", "Communication et collaboration"),
        ("3", "Création de contenu"),
        ("4", "Protection et sécurité"),
        ("5", "Environnement numérique"),
    ]


def test_it_loads_the_sixteen_competences_in_order_each_in_its_area() -> None:
    rows = list(Competence.objects.values_list("code", "name", "area__code"))
    assert [code for code, _name, _area in rows] == [
        "1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3", "3.4", "4.1", "4.2", "4.3", "5.1", "5.2",
    ]  # fmt: skip
    assert rows[0][1] == "Mener une recherche et une veille d'information"
    assert rows[13][1] == "Protéger la santé, le bien-être et l'environnement"
    assert all(area == code.split(".")[0] for code, _name, area in rows)


def test_it_keeps_the_data_migration_and_the_framework_constants_equal() -> None:
    assert tuple(Area.objects.values_list("code", "name")) == AREAS
    assert tuple(Competence.objects.values_list("code", "name")) == COMPETENCES

from __future__ import annotations

import datetime as dt

import factory

from candidates.models import BillingMode, BirthCountry, BirthplaceCommune, Candidate
from candidates.services import CandidateData, identity_key
from pixcertif.lib.text import normalize_name
from tests.sessions_app.factories import SessionFactory


class CandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Candidate

    session = factory.SubFactory(SessionFactory)
    first_name = factory.Sequence(lambda n: f"Prénom{n}")
    last_name = factory.Sequence(lambda n: f"Nom{n}")
    sex = "F"
    birthdate = dt.date(2008, 3, 14)
    identity_key = factory.LazyAttribute(lambda c: identity_key(c.first_name, c.last_name, c.birthdate))


# Birthplace reference rows (the real tables are loaded by `load_birthplaces`).


class BirthCountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BirthCountry
        django_get_or_create = ("insee_code",)

    insee_code = "99100"
    name = "FRANCE"
    match_key = factory.LazyAttribute(lambda c: normalize_name(c.name))


class BirthplaceCommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BirthplaceCommune
        django_get_or_create = ("insee_code", "postal_code")

    insee_code = "75056"
    postal_code = "75001"
    name = "Paris"
    match_key = factory.LazyAttribute(lambda c: normalize_name(c.name))


def candidate_data(**overrides: object) -> CandidateData:
    """A valid SUP/PRO candidate born in Paris (needs ``BirthplaceCommuneFactory()``), free billing."""
    values: dict[str, object] = {
        "first_name": "Léa",
        "last_name": "Dupont",
        "sex": "F",
        "birthdate": dt.date(2008, 3, 14),
        "birth_insee_code": "75056",
        "billing_mode": BillingMode.FREE,
    }
    values.update(overrides)
    return CandidateData(**values)  # type: ignore[arg-type]

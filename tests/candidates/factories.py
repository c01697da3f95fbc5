from __future__ import annotations

import datetime as dt

import factory

from candidates.models import Candidate
from candidates.services import identity_key
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

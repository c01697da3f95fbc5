from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from pixcertif.lib.codes import generate_access_code, generate_session_password
from sessions_app.models import Session
from tests.centres.factories import CentreFactory


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    centre = factory.SubFactory(CentreFactory)
    address = factory.Sequence(lambda n: f"Site {n}")
    room = factory.Sequence(lambda n: f"Salle {n}")
    date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=7))
    time = dt.time(9, 0)
    supervisors = "Mme Durand"
    access_code = factory.LazyFunction(generate_access_code)
    supervisor_password = factory.LazyFunction(generate_session_password)
    finalisation_due_at = factory.LazyAttribute(
        lambda s: timezone.make_aware(dt.datetime.combine(s.date, s.time)) + dt.timedelta(hours=48)
    )
    created_at = factory.LazyFunction(timezone.now)
    updated_at = factory.LazyFunction(timezone.now)

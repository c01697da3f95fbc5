from __future__ import annotations

import datetime as dt

import factory

from centres.models import CalendarWindow, CentreType, CertificationCentre, Membership, Role, ScoSubtype
from tests.accounts.factories import UserFactory


class CentreFactory(factory.django.DjangoModelFactory):
    """A SUP centre by default: no calendar, so dates never get in the way of a test."""

    class Meta:
        model = CertificationCentre

    name = factory.Sequence(lambda n: f"Centre de certification {n}")
    type = CentreType.SUP
    sco_subtype = ""
    uai = ""


class ScoCentreFactory(CentreFactory):
    type = CentreType.SCO
    sco_subtype = ScoSubtype.LYCEE
    uai = factory.Sequence(lambda n: f"{750000 + n:07d}A")
    name = factory.Sequence(lambda n: f"Lycée {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    centre = factory.SubFactory(CentreFactory)
    role = Role.MEMBER


class CalendarWindowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CalendarWindow

    campaign = "2030-2031"
    sco_subtype = ScoSubtype.LYCEE
    access_opens_on = dt.date(2031, 1, 4)
    sessions_start = dt.date(2031, 1, 11)
    sessions_end = dt.date(2031, 5, 20)

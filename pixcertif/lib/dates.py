"""Date helpers: local (Europe/Paris) wall-clock times and French formats."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def local_datetime(day: dt.date, time: dt.time) -> dt.datetime:
    """An aware datetime for a date and a local start time (« heure locale »)."""
    return timezone.make_aware(dt.datetime.combine(day, time), timezone.get_default_timezone())


def format_date_fr(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")

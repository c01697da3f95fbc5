"""An audit row's JSON data as the admin's history shows it: « Libellé : valeur » lines in French.

Each app names its own keys (sessions_app/event_labels.py, centres/event_labels.py); a key it does not
name shows as itself, so a new one is never hidden, only less French until it gets its label.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}.*)?$")


def _date(value: str) -> str:
    """An ISO date or date-time, as the French pages write it (local time)."""
    try:
        if len(value) == 10:
            return date_format(dt.date.fromisoformat(value), "d/m/Y")
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return value
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return date_format(moment, "d/m/Y H:i")


def audit_value(value: Any, *, fields: Mapping[str, Any], values: Mapping[str, Any]) -> str:
    if value is None or value == "":
        return "—"
    if value is True:
        return _("oui")
    if value is False:
        return _("non")
    if isinstance(value, list | tuple):
        if len(value) == 2 and not any(isinstance(item, list | tuple | dict) for item in value):
            before, after = (audit_value(item, fields=fields, values=values) for item in value)
            return f"{before} → {after}"  # [before, after]
        return ", ".join(audit_value(item, fields=fields, values=values) for item in value)
    if isinstance(value, dict):
        return " ; ".join(
            f"{fields.get(key, key)} : {audit_value(item, fields=fields, values=values)}" for key, item in value.items()
        )
    if isinstance(value, str):
        if value in values:
            return str(values[value])
        if _ISO_DATE.match(value):
            return _date(value)
    return str(value)


def audit_details(
    data: Mapping[str, Any] | None,
    *,
    labels: Mapping[str, Any],
    fields: Mapping[str, Any] | None = None,
    values: Mapping[str, Any] | None = None,
) -> str:
    """One line per key: its label, then its value (``fields`` names the keys inside dictionaries, ``values``
    the codes among the values, e.g. a role)."""
    fields, values = fields or {}, values or {}
    return "\n".join(
        f"{labels.get(key, key)} : {audit_value(value, fields=fields, values=values)}" for key, value in (data or {}).items()
    )

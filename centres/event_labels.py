"""How a centre's audit (CentreEvent) reads in the admin: its data as « Libellé : valeur ».

The label of each kind is its ``CentreEventKind`` label (``event.get_kind_display()``).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from centres.models import CentreEvent, Role
from pixcertif.lib.audit import audit_details

DATA_LABELS: dict[str, Any] = {
    "user": _("Membre"),
    "email": _("Adresse e-mail"),
    "role": _("Rôle"),
    "old": _("Ancien rôle"),
    "new": _("Nouveau rôle"),
    "format": _("Format du fichier"),
    "file": _("Fichier"),
    "created": _("Élèves ajoutés"),
    "updated": _("Élèves mis à jour"),
    "deactivated": _("Élèves marqués comme sortis"),
    "imported": _("Profils importés"),
    "skipped": _("Participants sans profil envoyé"),
    "unmatched": _("Participants non rapprochés"),
    "count": _("Nombre"),
    "starts_on": _("Du"),
    "ends_on": _("Au"),
    "reason": _("Motif"),
    "changes": _("Modifications"),
}

FIELD_LABELS: dict[str, Any] = {  # the keys of each unmatched participant, and of a derogation's changes
    "line": _("Ligne"),
    "first_name": _("Prénom"),
    "last_name": _("Nom"),
    "division": _("Classe"),
    "ine": _("INE"),
    "reason": _("Motif"),
    "starts_on": _("Du"),
    "ends_on": _("Au"),
}


def centre_event_details(event: CentreEvent) -> str:
    return audit_details(event.data, labels=DATA_LABELS, fields=FIELD_LABELS, values=dict(Role.choices))

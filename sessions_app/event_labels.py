"""How the session history reads in French: the label of each kind (``SessionEventKind``), or the line that
quotes its data (« Candidat inscrit : Léa Arnaud »), then its data as « Libellé : valeur ».

A kind that is not a member (an old row) shows as itself.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy

from pixcertif.lib.audit import audit_details
from sessions_app.event_kinds import SessionEventKind as Kind
from sessions_app.models import SessionEvent

# The history lines that quote the event's data; every other kind reads as its label.
LINES: dict[str, Any] = {
    Kind.SESSION_POSTPONED: _("Session reportée (nouvelle session n° %(new_session)s)"),
    Kind.CANDIDATES_POSTPONED: _("Candidats reportés vers la session n° %(new_session)s"),
    Kind.CANDIDATES_RECEIVED: _("Candidats reportés depuis la session n° %(old_session)s"),
    Kind.CANDIDATE_ENROLLED: _("Candidat inscrit : %(name)s"),
    Kind.CANDIDATE_UPDATED: _("Candidat modifié : %(name)s"),
    Kind.CANDIDATE_DELETED: _("Candidat supprimé : %(name)s"),
    Kind.INCIDENT_DELETED: _("Signalement supprimé à la finalisation : %(name)s"),
    Kind.SESSION_AUTO_JURY: _(
        "Auto-jury : %(resolved)s signalement(s) résolu(s), %(neutralised)s question(s) neutralisée(s), "
        "%(rescored)s test(s) recalculé(s)"
    ),
    Kind.CANDIDATES_CONTACTS_PURGED: _("E-mails de %(count)s candidat(s) effacés (conservés 1 an)"),
    Kind.JURY_QUESTION_NEUTRALISED: _("Jury : question n° %(question)s neutralisée"),
    Kind.JURY_QUESTION_DENEUTRALISED: _("Jury : neutralisation de la question n° %(question)s annulée"),
    Kind.JURY_REPORT_RESOLVED: _("Jury : signalement %(code)s résolu"),
    Kind.CERTIFICATES_BATCH_READY: _("Certificats de la session prêts (%(count)s certificat(s))"),
}


# The history says « 1 candidat reporté » and « 3 candidats reportés »: the number is read from ``count``.
_PLURAL_LINES: dict[str, Any] = {
    Kind.CANDIDATES_POSTPONED: ngettext_lazy(
        "%(count)s candidat reporté vers la session n° %(new_session)s",
        "%(count)s candidats reportés vers la session n° %(new_session)s",
        "count",
    ),
    Kind.CANDIDATES_RECEIVED: ngettext_lazy(
        "%(count)s candidat reporté depuis la session n° %(old_session)s",
        "%(count)s candidats reportés depuis la session n° %(old_session)s",
        "count",
    ),
}


def kind_label(kind: str) -> str:
    """The label of a kind of event without its details (« Candidat inscrit »): the admin's filter."""
    return str(Kind(kind).label) if kind in Kind.values else kind


def event_label(event: SessionEvent) -> str:
    if event.kind == Kind.CANDIDATES_IMPORTED:
        count = int(event.data.get("count", 0))
        return ngettext(
            "Liste des candidats importée : %(count)s candidat",
            "Liste des candidats importée : %(count)s candidats",
            count,
        ) % {"count": count}
    for lines in (_PLURAL_LINES, LINES):
        if event.kind in lines:
            try:
                return str(lines[event.kind] % event.data)
            except (KeyError, TypeError, ValueError):
                pass
    return kind_label(event.kind)


# The keys of SessionEvent.data, as the admin's history shows them (never the raw JSON). A key missing here
# shows as itself: the history stays readable, only less French.
DATA_LABELS: dict[str, Any] = {
    "name": _("Candidat"),
    "candidate": _("N° du candidat"),
    "course": _("N° du test"),
    "result": _("N° du résultat"),
    "status": _("Statut"),
    "pix": _("Score Pix"),
    "profile": _("N° du profil"),
    "questions": _("Nombre de questions"),
    "question": _("Question n°"),
    "question_number": _("Question n°"),
    "until": _("Jusqu'à"),
    "count": _("Nombre"),
    "changes": _("Modifications"),
    "levels": _("Niveaux modifiés"),
    "date": _("Date"),
    "time": _("Heure"),
    "address": _("Nom du site"),
    "room": _("Nom de la salle"),
    "birthdate": _("Date de naissance"),
    "new_session": _("Nouvelle session n°"),
    "size": _("Taille (octets)"),
    "type": _("Type de fichier"),
    "report": _("N° du signalement"),
    "resolved_reports": _("Signalements résolus"),
    "code": _("Code"),
    "due_at": _("Échéance"),
    "finalised_at": _("Finalisée le"),
    "previous_assignee": _("Précédemment pris en charge par"),
    "courses_ended": _("Tests terminés à la finalisation"),
    "resolved": _("Signalements résolus"),
    "neutralised": _("Questions neutralisées"),
    "restored": _("Questions rétablies"),
    "unresolved": _("Signalements non résolus"),
    "unresolved_impactful": _("dont impactants"),
    "rescored": _("Tests recalculés"),
    "in_error": _("Résultats en erreur"),
    "is_publishable": _("Publiable"),
    "for_candidate": _("Commentaire pour le candidat modifié"),
    "for_organisation": _("Commentaire pour l'organisation modifié"),
    "old_session": _("Session d'origine n°"),
    "moved": _("Candidats reportés"),
    "interrupted": _("Tests interrompus (« Problème technique »)"),
    "kept": _("Candidats restés (test terminé)"),
}

# The field names inside « changes » (sessions, candidates, the jury's identity corrections).
FIELD_LABELS: dict[str, Any] = {
    "address": _("Nom du site"),
    "room": _("Nom de la salle"),
    "date": _("Date"),
    "time": _("Heure"),
    "supervisors": _("Surveillant(s)"),
    "description": _("Observations"),
    "last_name": _("Nom de naissance"),
    "first_name": _("Prénom"),
    "sex": _("Sexe"),
    "birthdate": _("Date de naissance"),
    "external_id": _("Identifiant local"),
    "extra_time_percentage": _("Temps majoré"),
    "birth_country": _("Pays de naissance"),
    "birth_insee_code": _("Code Insee de naissance"),
    "birth_postal_code": _("Code postal de naissance"),
    "birth_city": _("Commune de naissance"),
    "billing_mode": _("Tarification part Pix"),
    "prepayment_code": _("Code de prépaiement"),
    "result_recipient_email": _("E-mail du destinataire des résultats"),
    "convocation_email": _("E-mail de convocation"),
}


def event_details(event: SessionEvent) -> str:
    """« Libellé : valeur », one line per key of the event's data, in French; empty when it has none."""
    return audit_details(event.data, labels=DATA_LABELS, fields=FIELD_LABELS)

"""How the session history reads in French: one label per SessionEvent kind.

Events of higher apps (candidates, certification, finalisation) are SessionEvents too, so their labels
live here with the others; a kind missing from the table shows as itself.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy

from pixcertif.lib.audit import audit_details
from sessions_app.models import SessionEvent

LABELS: dict[str, Any] = {
    "session.created": _("Session créée"),
    "session.updated": _("Session modifiée"),
    "session.deleted": _("Session supprimée"),
    "session.postponed": _("Session reportée (nouvelle session n° %(new_session)s)"),
    "candidates.postponed": _("Candidats reportés vers la session n° %(new_session)s"),
    "candidates.received": _("Candidats reportés depuis la session n° %(old_session)s"),
    "course.ended_by_postponement": _("Test interrompu terminé par le report de la session (problème technique)"),
    "session.started": _("Premier candidat entré en test"),
    "session.admissions_closed": _("Accès à la session fermé par le surveillant"),
    "candidate.enrolled": _("Candidat inscrit : %(name)s"),
    "candidate.updated": _("Candidat modifié : %(name)s"),
    "candidate.deleted": _("Candidat supprimé : %(name)s"),
    "candidate.joined": _("Un candidat a rejoint la session"),
    "candidate.presence_confirmed": _("Présence d'un candidat confirmée"),
    "candidate.presence_cancelled": _("Présence d'un candidat annulée"),
    "course.started": _("Test commencé"),
    "course.resumed": _("Test repris"),
    "course.focus_lost": _("Sortie de la page pendant une question focus"),
    "course.completed": _("Test terminé"),
    "course.ended_by_supervisor": _("Test terminé par le surveillant"),
    "course.resume_authorised": _("Reprise du test autorisée"),
    "course.scored": _("Résultat calculé"),
    "incident.recorded": _("Incident signalé"),
    "session.published": _("Résultats publiés par Pix"),
    "session.unpublished": _("Publication des résultats annulée par Pix"),
    "session.assigned": _("Session prise en charge par l'équipe Pix"),
    "session.unfinalised": _("Session définalisée par Pix : elle peut être finalisée à nouveau"),
    "incident.deleted": _("Signalement supprimé à la finalisation : %(name)s"),
    "finalisation.document_uploaded": _("Document numérisé déposé pour la finalisation"),
    "session.finalised": _("Session finalisée"),
    "session.auto_jury": _(
        "Auto-jury : %(resolved)s signalement(s) résolu(s), %(neutralised)s question(s) neutralisée(s), "
        "%(rescored)s test(s) recalculé(s)"
    ),
    "session.finalisation_reminder_sent": _("Rappel de finalisation envoyé au centre"),
    "session.overdue": _("Session signalée en retard (non finalisée dans les 48 heures)"),
    "scanned_document.purged": _("Document numérisé supprimé (conservé 2 ans)"),
    "candidates.contacts_purged": _("E-mails de %(count)s candidat(s) effacés (conservés 1 an)"),
    "jury.question_neutralised": _("Jury : question n° %(question)s neutralisée"),
    "jury.question_deneutralised": _("Jury : neutralisation de la question n° %(question)s annulée"),
    "jury.course_cancelled": _("Jury : certification annulée"),
    "jury.course_uncancelled": _("Jury : annulation de la certification levée"),
    "jury.fraud_rejected": _("Jury : certification rejetée pour fraude"),
    "jury.fraud_unrejected": _("Jury : rejet pour fraude levé"),
    "jury.marks_edited": _("Jury : niveaux des compétences modifiés"),
    "jury.comments_edited": _("Jury : commentaires modifiés"),
    "jury.report_resolved": _("Jury : signalement %(code)s résolu"),
    "jury.identity_corrected": _("Jury : identité du candidat corrigée"),
    "certificates.batch_requested": _("Préparation des certificats de la session demandée"),
    "certificates.batch_ready": _("Certificats de la session prêts (%(count)s certificat(s))"),
    "certificates.batch_failed": _("Échec de la préparation des certificats de la session"),
}


# The history says « 1 candidat reporté » and « 3 candidats reportés »: the number is read from ``count``.
_PLURAL_LABELS = {
    "candidates.postponed": ngettext_lazy(
        "%(count)s candidat reporté vers la session n° %(new_session)s",
        "%(count)s candidats reportés vers la session n° %(new_session)s",
        "count",
    ),
    "candidates.received": ngettext_lazy(
        "%(count)s candidat reporté depuis la session n° %(old_session)s",
        "%(count)s candidats reportés depuis la session n° %(old_session)s",
        "count",
    ),
}


def event_label(event: SessionEvent) -> str:
    if event.kind == "candidates.imported":
        count = int(event.data.get("count", 0))
        return ngettext(
            "Liste des candidats importée : %(count)s candidat",
            "Liste des candidats importée : %(count)s candidats",
            count,
        ) % {"count": count}
    if event.kind in _PLURAL_LABELS:
        try:
            return str(_PLURAL_LABELS[event.kind] % event.data)
        except (KeyError, TypeError, ValueError):
            pass
    label = LABELS.get(event.kind)
    if label is None:
        return event.kind
    try:
        return str(label) % event.data if "%(" in str(label) else str(label)
    except (KeyError, TypeError, ValueError):
        return kind_label(event.kind)


def kind_label(kind: str) -> str:
    """The label of a kind of event without its details (« Candidat inscrit »): the admin's filter."""
    if kind == "candidates.imported":
        return str(_("Liste des candidats importée"))
    label = LABELS.get(kind)
    return kind if label is None else str(label).split(" :")[0].split(" (")[0]


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

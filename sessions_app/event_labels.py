"""How the session history reads in French: one label per SessionEvent kind.

Events of higher apps (candidates, certification, finalisation) are SessionEvents too, so their labels
live here with the others; a kind missing from the table shows as itself.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy

from sessions_app.models import SessionEvent

LABELS: dict[str, Any] = {
    "session.created": _("Session créée"),
    "session.updated": _("Session modifiée"),
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
        return str(label).split(" :")[0].split(" (")[0]

"""Every kind of SessionEvent, with its French label: the admin's filter and the history read it.

Events of higher apps (candidates, certification, finalisation, results) are SessionEvents too, so their
kinds live here with the others. The services write the values (``"session.created"``); a test walks the
code so that each value written is a member here (tests/sessions_app/test_event_labels.py). A history line
that quotes the event's data (« Candidat inscrit : Léa Arnaud ») is in ``sessions_app/event_labels.py``.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SessionEventKind(models.TextChoices):
    SESSION_CREATED = "session.created", _("Session créée")
    SESSION_UPDATED = "session.updated", _("Session modifiée")
    SESSION_DELETED = "session.deleted", _("Session supprimée")
    SESSION_POSTPONED = "session.postponed", _("Session reportée")
    CANDIDATES_POSTPONED = "candidates.postponed", _("Candidats reportés vers une autre session")
    CANDIDATES_RECEIVED = "candidates.received", _("Candidats reportés depuis une autre session")
    COURSE_ENDED_BY_POSTPONEMENT = (
        "course.ended_by_postponement",
        _("Test interrompu terminé par le report de la session (problème technique)"),
    )
    SESSION_STARTED = "session.started", _("Premier candidat entré en test")
    SESSION_ADMISSIONS_CLOSED = "session.admissions_closed", _("Accès à la session fermé par le surveillant")
    CANDIDATES_IMPORTED = "candidates.imported", _("Liste des candidats importée")
    CANDIDATE_ENROLLED = "candidate.enrolled", _("Candidat inscrit")
    CANDIDATE_UPDATED = "candidate.updated", _("Candidat modifié")
    CANDIDATE_DELETED = "candidate.deleted", _("Candidat supprimé")
    CANDIDATE_JOINED = "candidate.joined", _("Un candidat a rejoint la session")
    CANDIDATE_PRESENCE_CONFIRMED = "candidate.presence_confirmed", _("Présence d'un candidat confirmée")
    CANDIDATE_PRESENCE_CANCELLED = "candidate.presence_cancelled", _("Présence d'un candidat annulée")
    COURSE_STARTED = "course.started", _("Test commencé")
    COURSE_RESUMED = "course.resumed", _("Test repris")
    COURSE_FOCUS_LOST = "course.focus_lost", _("Sortie de la page pendant une question focus")
    COURSE_COMPLETED = "course.completed", _("Test terminé")
    COURSE_ENDED_BY_SUPERVISOR = "course.ended_by_supervisor", _("Test terminé par le surveillant")
    COURSE_RESUME_AUTHORISED = "course.resume_authorised", _("Reprise du test autorisée")
    COURSE_SCORED = "course.scored", _("Résultat calculé")
    INCIDENT_RECORDED = "incident.recorded", _("Incident signalé")
    INCIDENT_DELETED = "incident.deleted", _("Signalement supprimé à la finalisation")
    FINALISATION_DOCUMENT_UPLOADED = (
        "finalisation.document_uploaded",
        _("Document numérisé déposé pour la finalisation"),
    )
    SESSION_FINALISED = "session.finalised", _("Session finalisée")
    SESSION_AUTO_JURY = "session.auto_jury", _("Auto-jury")
    SESSION_FINALISATION_REMINDER_SENT = (
        "session.finalisation_reminder_sent",
        _("Rappel de finalisation envoyé au centre"),
    )
    SESSION_OVERDUE = "session.overdue", _("Session signalée en retard (non finalisée dans les 48 heures)")
    SESSION_ASSIGNED = "session.assigned", _("Session prise en charge par l'équipe Pix")
    SESSION_UNFINALISED = (
        "session.unfinalised",
        _("Session définalisée par Pix : elle peut être finalisée à nouveau"),
    )
    SESSION_PUBLISHED = "session.published", _("Résultats publiés par Pix")
    SESSION_UNPUBLISHED = "session.unpublished", _("Publication des résultats annulée par Pix")
    SCANNED_DOCUMENT_PURGED = "scanned_document.purged", _("Document numérisé supprimé (conservé 2 ans)")
    CANDIDATES_CONTACTS_PURGED = "candidates.contacts_purged", _("E-mails des candidats effacés (conservés 1 an)")
    JURY_QUESTION_NEUTRALISED = "jury.question_neutralised", _("Jury : question neutralisée")
    JURY_QUESTION_DENEUTRALISED = "jury.question_deneutralised", _("Jury : neutralisation d'une question annulée")
    JURY_COURSE_CANCELLED = "jury.course_cancelled", _("Jury : certification annulée")
    JURY_COURSE_UNCANCELLED = "jury.course_uncancelled", _("Jury : annulation de la certification levée")
    JURY_FRAUD_REJECTED = "jury.fraud_rejected", _("Jury : certification rejetée pour fraude")
    JURY_FRAUD_UNREJECTED = "jury.fraud_unrejected", _("Jury : rejet pour fraude levé")
    JURY_MARKS_EDITED = "jury.marks_edited", _("Jury : niveaux des compétences modifiés")
    JURY_COMMENTS_EDITED = "jury.comments_edited", _("Jury : commentaires modifiés")
    JURY_REPORT_RESOLVED = "jury.report_resolved", _("Jury : signalement résolu")
    JURY_IDENTITY_CORRECTED = "jury.identity_corrected", _("Jury : identité du candidat corrigée")
    CERTIFICATES_BATCH_REQUESTED = (
        "certificates.batch_requested",
        _("Préparation des certificats de la session demandée"),
    )
    CERTIFICATES_BATCH_READY = "certificates.batch_ready", _("Certificats de la session prêts")
    CERTIFICATES_BATCH_FAILED = "certificates.batch_failed", _("Échec de la préparation des certificats de la session")

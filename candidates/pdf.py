"""The session documents printed for exam day (DOMAIN.md §3): attendance sheet, PV d'incident, kit.

Each function returns ``(filename, content_type, bytes)``; the templates live in
``templates/candidates/pdf/``. WeasyPrint only reads local files: no network at render time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from candidates.models import Candidate
from pixcertif.lib import urls
from pixcertif.lib.pdf import PDF, LocalFilesOnly, render_pdf
from pixcertif.lib.text import normalize_name
from sessions_app.models import Session

CANDIDATES_PER_PAGE = 20

# FAQ: the identity documents a supervisor may accept in the room.
IDENTITY_DOCUMENTS: tuple[Promise, ...] = (
    _("carte d'identité"),
    _("passeport"),
    _("permis de conduire"),
    _("titre ou carte de séjour"),
)

# DOMAIN.md §6, as printed on the paper PV d'incident (short labels where DOMAIN gives a description).
INCIDENT_CODES: tuple[tuple[str, Promise], ...] = (
    ("C1", _("Modification des prénom/nom/date de naissance")),
    ("C2", _("Ajout/modification du temps majoré")),
    ("C4", _("Problème de signature de la feuille d'émargement")),
    ("C6", _("Suspicion de fraude")),
    ("C7", _("Incident technique non bloquant")),
    ("C8", _("Incident lié au candidat non bloquant")),
    ("E1", _("L'image ne s'affiche pas")),
    ("E2", _("Le simulateur ou l'application ne s'affiche pas")),
    ("E3", _("Le fichier à télécharger ne s'ouvre pas")),
    ("E4", _("Le site à visiter est indisponible ou en maintenance")),
    ("E5", _("Le site à visiter est bloqué par les restrictions réseau de l'établissement")),
    ("E8", _("Le candidat bénéficie d'un temps majoré et n'a pas pu répondre à la question dans le temps imparti")),
    ("E9", _("Le logiciel installé sur l'ordinateur n'a pas fonctionné")),
    ("E10", _("Le candidat a été contraint de quitter une question à focus")),
    ("E11", _("Le candidat a été bloqué sur une page d'erreur « Oups »")),
    ("E12", _("Problème d'accessibilité de la question")),
)
QUESTION_CODES = tuple(code for code, _label in INCIDENT_CODES if code.startswith("E"))
BLANK_INCIDENT_LINES = 5  # after one line per candidate: for whoever is not on the list yet


# Kept under their old names: the tests of the session documents use them.
_LocalFilesOnly = LocalFilesOnly
_render = render_pdf


def _chunks(items: Sequence[Candidate], size: int) -> list[Sequence[Candidate]]:
    return [items[start : start + size] for start in range(0, len(items), size)] or [[]]


def _rows_of_three(names: list[str]) -> list[list[str]]:
    """Supervisors' signature boxes, three a row; the last row padded with blanks."""
    rows = [names[start : start + 3] for start in range(0, len(names), 3)]
    return [row + [""] * (3 - len(row)) for row in rows]


def _sorted_candidates(session: Session, *, prefetch: tuple[str, ...] = ()) -> list[Candidate]:
    """By birth name then first name, ignoring case and accents (« Éric » between « Emma » and « Ezra »)."""
    candidates = list(session.candidates.select_related("student").prefetch_related(*prefetch))
    return sorted(candidates, key=lambda c: (normalize_name(c.last_name), normalize_name(c.first_name), c.pk))


def attendance_sheet(session: Session) -> tuple[str, str, bytes]:
    """« Feuille d'émargement »: 20 candidates a page, each page with its own table header."""
    context = {
        "session": session,
        "is_sco": session.centre.is_sco,
        "pages": _chunks(_sorted_candidates(session), CANDIDATES_PER_PAGE),
        "supervisor_rows": _rows_of_three(session.supervisor_names),
        "identity_documents": IDENTITY_DOCUMENTS,
    }
    content = _render("candidates/pdf/attendance_sheet.html", context)
    return f"feuille-emargement-session-{session.pk}.pdf", PDF, content


# IssueReport.source of an incident recorded in the supervisor portal (finalisation.models.IssueSource.LIVE):
# finalisation comes after this app, so its model is read through Candidate's reverse relation, not imported.
LIVE_SOURCE = "live"


@dataclass
class IncidentLine:
    candidate: Candidate
    code: str
    label: str
    question_number: int | None
    description: str
    at: dt.datetime


def _live_incidents(candidates: list[Candidate]) -> list[IncidentLine]:
    lines = [
        IncidentLine(c, r.code, r.get_code_display(), r.question_number, r.description, r.created_at)
        for c in candidates
        for r in c.issue_reports.all()
        if r.source == LIVE_SOURCE
    ]
    return sorted(lines, key=lambda line: (line.at, line.candidate.pk))


def incident_report_form(session: Session, *, now: dt.datetime | None = None) -> tuple[str, str, bytes]:
    """The « PV d'incident » of this session: its details, a line per candidate to write on, a few spare lines,
    and the incidents already recorded in the supervisor portal when it is printed; copied at finalisation."""
    candidates = _sorted_candidates(session, prefetch=("issue_reports",))
    context = {
        "session": session,
        "candidates": candidates,
        "live_incidents": _live_incidents(candidates),
        "printed_at": timezone.localtime(now or timezone.now()),
        "incident_codes": INCIDENT_CODES,
        "question_codes": QUESTION_CODES,
        "blank_lines": range(BLANK_INCIDENT_LINES),
    }
    content = _render("candidates/pdf/incident_report_form.html", context)
    return f"pv-incident-session-{session.pk}.pdf", PDF, content


def supervisor_kit(session: Session, *, site_url: str | None = None) -> tuple[str, str, bytes]:
    """« Kit surveillant »: the codes of the session and how to run it from the supervisor portal.

    ``site_url``: the address the centre reached the site at (its download request); else PIXCERTIF_SITE_URL.
    """
    context = {
        "session": session,
        "portal_url": (site_url or urls.site_url()).rstrip("/") + reverse("supervision:supervisor_login"),
        "candidate_count": session.candidates.count(),
    }
    content = _render("candidates/pdf/supervisor_kit.html", context)
    return f"kit-surveillant-session-{session.pk}.pdf", PDF, content

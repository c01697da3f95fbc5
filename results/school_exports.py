"""Which schools' LSU/LSL exports a change touches, and queueing their refresh (LSU-API.md §2, docs/lsu-api.md).

``school_exports_refresh_later(*, session_ids=(), course_ids=(), uais=(), now=None) -> list[str]``
    Inside the caller's transaction: find the schools (UAI of the SCO centres) of the students of those
    sessions' / courses' candidates, mark their exports as requested and, once committed, queue one
    refresh per school. Called after a publication, an unpublication and each jury change.

The refresh itself, and the API's document, are in ``results.school_export_build``, which the tasks import.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from django.utils import timezone

from candidates.models import Candidate
from centres.models import CentreType
from pixcertif.lib.tasks import enqueue_on_commit
from results.models import SchoolExport
from results.tasks import school_export_refresh_task

CERTIFICATIONS_SCOPE = "organizations-certifications-result"
KNOWN_SCOPES = frozenset({CERTIFICATIONS_SCOPE})
UAI_PATTERN = re.compile(r"\A\d{7}[A-Za-z]\Z")


def is_valid_uai(uai: str) -> bool:
    return bool(UAI_PATTERN.match(uai))


def affected_uais(*, session_ids: Iterable[int] = (), course_ids: Iterable[int] = ()) -> set[str]:
    """The UAIs of the SCO centres of the students enrolled as candidates of those sessions or courses."""
    session_ids, course_ids = list(session_ids), list(course_ids)
    found: set[str] = set()
    candidates = Candidate.objects.filter(student__isnull=False, student__centre__type=CentreType.SCO).order_by()
    if session_ids:
        found |= set(candidates.filter(session_id__in=session_ids).values_list("student__centre__uai", flat=True))
    if course_ids:
        found |= set(candidates.filter(course__pk__in=course_ids).values_list("student__centre__uai", flat=True))
    return {uai.upper() for uai in found if uai}


def school_exports_refresh_later(
    *,
    session_ids: Iterable[int] = (),
    course_ids: Iterable[int] = (),
    uais: Iterable[str] = (),
    now: dt.datetime | None = None,
) -> list[str]:
    """Mark the affected schools' exports as requested and queue their refresh once the caller commits."""
    now = now or timezone.now()
    found = sorted(affected_uais(session_ids=session_ids, course_ids=course_ids) | {u.upper() for u in uais if u})
    if not found:
        return []
    SchoolExport.objects.bulk_create([SchoolExport(uai=uai) for uai in found], ignore_conflicts=True)
    SchoolExport.objects.filter(uai__in=found).update(requested_at=now)
    # A broker outage must not turn the committed publication into an error (enqueue logs it); the staff view
    # shows the export as requested but not refreshed, and « Rafraîchir maintenant » queues it again.
    for uai in found:
        enqueue_on_commit(school_export_refresh_task, uai)
    return found

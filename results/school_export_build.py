"""What the worker runs for a school's LSU/LSL export (LSU-API.md §2, docs/lsu-api.md), and the API's document.

``school_export_refresh(*, uai, now=None) -> SchoolExport``
    Recompute the whole ``certifications`` array of a school from the database and store it (idempotent:
    running it twice stores the same text). Run by the Celery task ``school_export_refresh_task``.
``certifications_document(certifications_json) -> bytes``
    The API's answer: the stored array spliced into the referential part, built once per process.

Apart from ``results.school_exports`` (which queues the refresh, so imports ``results.tasks``): the tasks import
this module, and neither imports the other back.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from functools import cache
from typing import Any

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from centres.models import CentreType
from certification.models import AssessmentResult, CertificationCourse, CompetenceMark, ResultStatus
from referential.framework import AREAS, COMPETENCES
from results.models import SchoolExport
from results.selectors import latest_result_subquery
from sessions_app.lifecycle import is_published

logger = logging.getLogger("pixcertif.lsu")


def api_datetime(value: dt.datetime | None) -> str | None:
    """``2024-03-12T09:15:27.000Z``: UTC, milliseconds (LSU-API.md)."""
    if value is None:
        return None
    utc = value.astimezone(dt.UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def _json(value: Any) -> str:
    # Compact and UTF-8 as is, like the reference implementation's JSON.stringify.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def school_certifications(uai: str) -> list[dict[str, Any]]:
    """The ``certifications`` of LSU-API.md §2 for the school(s) with that UAI, in four queries."""
    courses = (
        CertificationCourse.objects.filter(
            candidate__student__centre__uai__iexact=uai,
            candidate__student__centre__type=CentreType.SCO,
            candidate__student__is_active=True,
        )
        .annotate(latest_result_id=latest_result_subquery(), latest_status=latest_result_subquery("status"))
        # A course cancelled by the jury is rescored to a cancelled result: the current result alone decides.
        .filter(latest_result_id__isnull=False)
        .exclude(latest_status=ResultStatus.CANCELLED)
        .select_related("candidate__student", "session__centre")
        .order_by()
    )
    course_list = list(courses)
    marks = Prefetch("marks", queryset=CompetenceMark.objects.select_related("competence"))
    results = AssessmentResult.objects.filter(pk__in=[c.latest_result_id for c in course_list])
    by_id = {result.pk: result for result in results.prefetch_related(marks)}
    # The latest certification with competence marks of each student.
    latest: dict[int, tuple[CertificationCourse, AssessmentResult]] = {}
    for course in course_list:
        result = by_id.get(course.latest_result_id)
        if result is None or not result.marks.all():
            continue
        student_id = course.candidate.student_id
        assert student_id is not None
        kept = latest.get(student_id)
        if kept is None or (course.started_at, course.pk) > (kept[0].started_at, kept[0].pk):
            latest[student_id] = (course, result)
    certifications = [_certification(course, result) for course, result in latest.values()]
    certifications.sort(key=lambda c: (c["lastName"], c["firstName"], c["id"]))
    return certifications


def _certification(course: CertificationCourse, result: AssessmentResult) -> dict[str, Any]:
    student = course.candidate.student
    assert student is not None
    session = course.session
    published = is_published(session)
    status = result.status if published and result.status in (ResultStatus.VALIDATED, ResultStatus.REJECTED) else ""
    validated = status == ResultStatus.VALIDATED
    levels = sorted((mark.competence.code, mark.level) for mark in result.marks.all())
    return {
        "id": course.pk,
        "firstName": student.first_name,
        "middleName": student.second_name or None,
        "thirdName": student.third_name or None,
        "lastName": student.last_name,
        "birthdate": student.birthdate.isoformat(),
        "nationalStudentId": student.ine,
        "status": str(status) if status else "pending",
        "pixScore": result.pix_score if validated else 0,
        "verificationCode": course.verification_code or None,
        "date": api_datetime(course.started_at),
        "deliveredAt": api_datetime(session.published_at) if published else None,
        "certificationCenter": session.centre.name,
        "competenceResults": [{"competenceId": code, "level": level} for code, level in levels] if validated else [],
    }


def school_export_refresh(*, uai: str, now: dt.datetime | None = None) -> SchoolExport:
    """Recompute and store the export of one school; two refreshes of a school run one after the other."""
    uai = uai.upper()
    started = time.monotonic()
    with transaction.atomic():
        SchoolExport.objects.bulk_create([SchoolExport(uai=uai)], ignore_conflicts=True)
        # The lock orders concurrent refreshes: the later one reads after the earlier one has written.
        export = SchoolExport.objects.select_for_update(of=("self",)).get(uai=uai)
        certifications = school_certifications(uai)
        export.certifications_json = _json(certifications)
        export.certification_count = len(certifications)
        export.refreshed_at = now or timezone.now()
        export.duration_ms = round((time.monotonic() - started) * 1000)
        export.error = ""
        export.save(
            update_fields=["certifications_json", "certification_count", "refreshed_at", "duration_ms", "error"]
        )
    logger.info("lsu.export.refreshed uai=%s count=%d ms=%d", uai, export.certification_count, export.duration_ms)
    return export


def school_export_failure_record(*, uai: str, error: str) -> None:
    """Keep the last failure on the row, for the staff view (the task retries)."""
    SchoolExport.objects.filter(uai=uai.upper()).update(error=error[:2000])


@cache
def _document_parts() -> tuple[str, str]:
    """The parts of the answer around the certifications array: the full referential, built once."""
    area_names, competences = dict(AREAS), sorted(COMPETENCES)  # by id (LSU-API.md)
    relationships = {"competences": {"data": [{"type": "competences", "id": code} for code, _name in competences]}}
    included: list[dict[str, Any]] = []
    previous_area = None
    for code, name in competences:
        area = code.split(".")[0]
        if area != previous_area:  # each area just before its first competence
            previous_area = area
            included.append(
                {"type": "areas", "id": area, "attributes": {"name": area_names[area]}, "relationships": {}}
            )
        included.append(
            {
                "type": "competences",
                "id": code,
                "attributes": {"name": name},
                "relationships": {"area": {"data": {"type": "areas", "id": area}}},
            }
        )
    prefix = '{"data":{"type":"certificationsResults","attributes":{"certifications":'
    suffix = f'}},"relationships":{_json(relationships)}}},"included":{_json(included)}}}'
    return prefix, suffix


def certifications_document(certifications_json: str) -> bytes:
    prefix, suffix = _document_parts()
    return (prefix + certifications_json + suffix).encode()

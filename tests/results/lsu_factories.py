"""Schools, students and their certifications for the LSU/LSL API tests (tests/results/test_lsu_*.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from centres.models import Student
from certification.models import CertificationCourse, ResultStatus
from results.api_tokens import api_client_create
from results.models import ApiClient
from results.school_exports import CERTIFICATIONS_SCOPE
from sessions_app.models import Session
from tests.results.publication_factories import TAKEN_AT, scored_course


def student_course(
    session: Session,
    student: Student,
    *,
    status: str = ResultStatus.VALIDATED,
    pix: int = 0,
    levels: Mapping[str, int] | None = None,
    started_at: dt.datetime = TAKEN_AT,
) -> CertificationCourse:
    """A course of ``student`` (as a candidate of ``session``) with one result."""
    course = scored_course(
        session,
        status=status,
        pix=pix,
        levels={"1.1": 2} if levels is None else levels,
        student=student,
        first_name=student.first_name,
        last_name=student.last_name,
        birthdate=student.birthdate,
    )
    CertificationCourse.objects.filter(pk=course.pk).update(started_at=started_at)
    course.started_at = started_at
    return course


def api_client(
    client_id: str = "lsu-test", *, name: str = "LSU", scopes: str = CERTIFICATIONS_SCOPE
) -> tuple[ApiClient, str]:
    return api_client_create(client_id=client_id, name=name, scopes=scopes)


def token_form(client_id: str, secret: str, **overrides: str) -> dict[str, str]:
    form = {
        "grant_type": "client_credentials",
        "client_id": client_id,
        "client_secret": secret,
        "scope": CERTIFICATIONS_SCOPE,
    }
    form.update(overrides)
    return {key: value for key, value in form.items() if value is not None}


def post_token(client: Any, form: Mapping[str, str], **extra: Any) -> Any:
    return client.post(
        "/api/application/token", urlencode(form), content_type="application/x-www-form-urlencoded", **extra
    )

"""pixcertif.lib.bulk_insert: the rows land as bulk_create would write them, and only plain values are taken."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from certification.models import CertificationChallenge, CoursePosition
from pixcertif.lib.bulk_insert import insert_rows
from referential.models import Challenge, Competence
from tests.certification.factories import bank, course_by_hand

pytestmark = pytest.mark.django_db


def test_it_writes_every_row_in_one_statement() -> None:
    bank()
    course = course_by_hand(positions={}, questions=[])
    challenges = list(Challenge.objects.select_related("skill__tube")[:3])
    rows = [(course.pk, i, c.pk, c.skill.tube.competence_id, c.skill.level, False) for i, c in enumerate(challenges, 1)]
    with CaptureQueriesContext(connection) as queries:
        insert_rows(
            CertificationChallenge,
            ("course", "position", "challenge", "competence", "skill_level", "is_neutralised"),
            rows,
        )
    assert len(queries.captured_queries) == 1
    written = list(
        CertificationChallenge.objects.filter(course=course)
        .order_by("position")
        .values_list("course_id", "position", "challenge_id", "competence_id", "skill_level", "is_neutralised")
    )
    assert written == rows
    assert all(q.first_shown_at is None for q in CertificationChallenge.objects.filter(course=course))


def test_it_refuses_a_value_it_would_not_convert() -> None:
    import datetime as dt

    competence = Competence.objects.first()
    assert competence is not None
    with pytest.raises(ValueError, match="plain values"):
        insert_rows(CoursePosition, ("course", "competence", "level", "pix"), [(1, competence.pk, dt.date.today(), 8)])
    with pytest.raises(ValueError, match="plain values"):
        insert_rows(CoursePosition, ("course", "competence", "level", "pix"), [(1, competence.pk, 3)])


def test_it_does_nothing_without_rows() -> None:
    with CaptureQueriesContext(connection) as queries:
        insert_rows(CoursePosition, ("course", "competence", "level", "pix"), [])
    assert not queries.captured_queries

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext

from referential.rules import MIN_CERTIFIABLE_COMPETENCES, is_certifiable
from referential.selectors import certifiability_by_student, latest_profile_for_student, latest_profile_for_user
from tests.accounts.factories import UserFactory
from tests.centres.factories import ScoCentreFactory, StudentFactory
from tests.referential.factories import PlacementProfileFactory

pytestmark = pytest.mark.django_db


def test_it_needs_five_competences_at_level_one_or_more() -> None:
    assert MIN_CERTIFIABLE_COMPETENCES == 5
    assert not is_certifiable([1, 1, 1, 1])
    assert not is_certifiable([1, 1, 1, 1, 0, 0, 0])
    assert is_certifiable([1, 1, 1, 1, 1])
    assert is_certifiable([0, 3, 0, 1, 1, 2, 8])


def test_it_tells_a_profile_with_four_competences_from_one_with_five() -> None:
    four = PlacementProfileFactory(levels=[1, 1, 1, 1, 0, 0])
    five = PlacementProfileFactory(levels=[1, 1, 1, 1, 1])
    assert not four.is_certifiable()
    assert five.is_certifiable()
    assert certifiability_by_student([four.student_id, five.student_id]) == {
        four.student_id: False,
        five.student_id: True,
    }


def test_it_builds_a_certifiable_profile_with_its_sixteen_competences() -> None:
    profile = PlacementProfileFactory(certifiable=True)
    assert profile.competences.count() == 16
    assert profile.is_certifiable()
    assert not PlacementProfileFactory(levels=[]).is_certifiable()


def test_it_leaves_out_students_without_a_profile() -> None:
    student = StudentFactory()
    assert certifiability_by_student([student.pk]) == {}
    assert certifiability_by_student([]) == {}


def test_it_answers_from_the_latest_profile() -> None:
    student = StudentFactory()
    old = dt.datetime(2021, 1, 1, tzinfo=dt.UTC)
    PlacementProfileFactory(student=student, certifiable=True, assessed_at=old + dt.timedelta(days=2))
    latest = PlacementProfileFactory(student=student, levels=[1], assessed_at=old + dt.timedelta(days=9))
    PlacementProfileFactory(student=student, certifiable=True, assessed_at=old)
    assert certifiability_by_student([student.pk]) == {student.pk: False}
    assert latest_profile_for_student(student) == latest


def test_it_reads_certifiability_in_a_constant_number_of_queries() -> None:
    centre = ScoCentreFactory()

    def queries_for(count: int) -> int:
        students = StudentFactory.create_batch(count, centre=centre)
        for i, student in enumerate(students):
            PlacementProfileFactory(student=student, levels=[1] * (4 + i % 2))
            PlacementProfileFactory(student=student, levels=[1] * (5 - i % 2))
        with CaptureQueriesContext(connection) as context:
            answer = certifiability_by_student([s.pk for s in students])
        assert len(answer) == count
        return len(context.captured_queries)

    assert queries_for(3) == queries_for(40) == 1


def test_it_finds_the_latest_profile_of_a_candidate_account() -> None:
    user = UserFactory()
    assert latest_profile_for_user(user) is None
    PlacementProfileFactory(student=None, user=user, assessed_at=dt.datetime(2021, 1, 1, tzinfo=dt.UTC))
    newer = PlacementProfileFactory(student=None, user=user, assessed_at=dt.datetime(2021, 2, 1, tzinfo=dt.UTC))
    assert latest_profile_for_user(user) == newer


def test_it_refuses_a_profile_with_two_owners() -> None:
    with pytest.raises(IntegrityError):
        PlacementProfileFactory(user=UserFactory())


def test_it_refuses_a_profile_without_owner() -> None:
    with pytest.raises(IntegrityError):
        PlacementProfileFactory(student=None, user=None)


def test_it_refuses_a_level_above_eight() -> None:
    with pytest.raises(IntegrityError):
        PlacementProfileFactory(levels=[9])

"""Pix staff read tests and results in the admin; nobody changes them there."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from certification.services import course_score
from tests.accounts.factories import UserFactory
from tests.certification.factories import T0, course_by_hand

pytestmark = pytest.mark.django_db


def test_it_shows_a_course_with_its_questions_answers_and_results_read_only(client: Client) -> None:
    course = course_by_hand(positions={"1.1": (2, 16)}, questions=[("1.1", "ok", False)])
    result = course_score(course=course, now=T0)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    page = client.get(reverse("admin:certification_certificationcourse_change", args=[course.pk]))
    assert page.status_code == 200
    assert course.verification_code in page.content.decode()
    assert client.get(reverse("admin:certification_assessmentresult_change", args=[result.pk])).status_code == 200
    assert client.get(reverse("admin:certification_certificationcourse_changelist")).status_code == 200
    assert client.get(reverse("admin:certification_certificationcourse_add")).status_code == 403

"""The LSU/LSL export refreshed by a real Celery worker over Redis: a record-book client written from
docs/lsu-api.md reads a school's results after a publication, then sees a jury correction.

Runs only when ``REDIS_URL`` is set (tests/broker.py); every other test runs tasks eagerly.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.db import OperationalError, transaction
from django.test import Client

from certification.models import ResultStatus
from results.models import SchoolExport
from results.school_exports import school_exports_refresh_later
from results.services import session_publish
from tests.accounts.factories import UserFactory
from tests.broker import BROKER_MARKS, WAIT_SECONDS, celery_worker, wait_for
from tests.centres.factories import ScoCentreFactory, StudentFactory
from tests.results.lsu_factories import api_client, student_course
from tests.results.publication_factories import TAKEN_AT, add_result, finalised_session

pytestmark = BROKER_MARKS
__all__ = ["celery_worker"]  # the fixture, imported for pytest

UAI = "0751234A"


def _certifications(client: Client, token: str) -> list[dict[str, object]]:
    response = client.get(f"/api/organizations/{UAI.lower()}/certifications", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200, response.content
    return list(response.json()["data"]["attributes"]["certifications"])


def test_a_client_reads_the_results_refreshed_by_the_worker(celery_worker: str) -> None:
    school = ScoCentreFactory(name="Collège Jean Moulin", uai=UAI)
    session = finalised_session(school)
    student = StudentFactory(centre=school, first_name="Léa", last_name="Arnaud")
    course = student_course(session, student, pix=412, levels={"1.1": 4, "1.2": 3})
    _api, secret = api_client("lsu-paris")
    client = Client()
    # As docs/lsu-api.md shows: a form-encoded client-credentials request, then the bearer token.
    form = {
        "grant_type": "client_credentials",
        "client_id": "lsu-paris",
        "client_secret": secret,
        "scope": "organizations-certifications-result",
    }
    answer = client.post("/api/application/token", urlencode(form), content_type="application/x-www-form-urlencoded")
    assert answer.status_code == 200
    token = answer.json()["access_token"]
    assert [c["status"] for c in _certifications(client, token)] == ["pending"]  # built on the first read

    first = SchoolExport.objects.get(uai=UAI).refreshed_at
    session_publish(session=session, by=UserFactory(is_staff=True))

    def _refreshed_after(moment: dt.datetime | None) -> bool:
        try:
            export = SchoolExport.objects.filter(uai=UAI).first()
        except OperationalError:  # SQLite's shared cache: « table is locked » while the worker writes it
            return False
        return bool(export and export.refreshed_at and (moment is None or export.refreshed_at > moment))

    assert wait_for(lambda: _refreshed_after(first)), f"pas de rafraîchissement en {WAIT_SECONDS} s ({celery_worker})"
    [lea] = _certifications(client, token)
    assert (lea["status"], lea["pixScore"]) == ("validated", 412)
    assert lea["competenceResults"] == [{"competenceId": "1.1", "level": 4}, {"competenceId": "1.2", "level": 3}]

    # A jury correction: a new result for the course, the school's export queued on commit.
    second = SchoolExport.objects.get(uai=UAI).refreshed_at
    with transaction.atomic():
        add_result(
            course, status=ResultStatus.VALIDATED, pix=420, levels={"1.1": 5}, at=TAKEN_AT + dt.timedelta(days=9)
        )
        school_exports_refresh_later(course_ids=[course.pk])
    assert wait_for(lambda: _refreshed_after(second)), f"pas de rafraîchissement en {WAIT_SECONDS} s ({celery_worker})"
    [lea] = _certifications(client, token)
    assert (lea["pixScore"], lea["competenceResults"]) == (420, [{"competenceId": "1.1", "level": 5}])

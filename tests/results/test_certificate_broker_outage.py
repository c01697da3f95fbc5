"""Publication while Redis is down: it succeeds, the certificate batch stays « en préparation » (the build
could not be queued) and can be requested again later (docs/reliability.md, « Pannes essayées »)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from results.models import CertificateBatch, CertificateBatchStatus
from results.services import session_publish
from results.tasks import certificate_batch_build_task
from tests.accounts.factories import UserFactory
from tests.broker import broker_refusing
from tests.centres.factories import CentreFactory
from tests.results.certificate_factories import LEVELS
from tests.results.publication_factories import finalised_session, scored_course

pytestmark = pytest.mark.django_db(transaction=True)  # on_commit runs for real


@pytest.fixture
def broker_down(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[Any, ...]]]:
    with broker_refusing(monkeypatch, certificate_batch_build_task) as sent:
        yield sent


def test_the_publication_succeeds_and_the_batch_waits(broker_down: list[tuple[Any, ...]]) -> None:
    session = finalised_session(CentreFactory())
    scored_course(session, pix=120, levels=LEVELS)

    published = session_publish(session=session, by=UserFactory(is_staff=True))

    assert published.published_at is not None
    assert len(broker_down) == 1  # the build was tried once
    assert CertificateBatch.objects.get(session=session).status == CertificateBatchStatus.PENDING

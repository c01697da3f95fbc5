"""Scanned documents are kept 2 years after the session, then purged once (audited)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from finalisation.models import SessionFinalisation
from finalisation.retention import scanned_document_purge, scanned_documents_due_for_purge, scanned_documents_purge
from finalisation.tasks import scanned_documents_purge_task
from sessions_app.models import SessionEvent
from tests.sessions_app.factories import SessionFactory

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(dt.datetime(2032, 6, 15, 3, 0))


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _finalisation(days_ago: int, *, with_document: bool = True, today: dt.date | None = None) -> SessionFinalisation:
    session = SessionFactory(date=(today or NOW.date()) - dt.timedelta(days=days_ago))
    finalisation = SessionFinalisation.objects.create(session=session)
    if with_document:
        finalisation.scanned_document.save("emargement.pdf", ContentFile(b"%PDF-1.4 scan"), save=True)
    return finalisation


def test_it_purges_a_document_older_than_two_years_once(media_root: Path) -> None:
    old = _finalisation(731)
    path = Path(old.scanned_document.path)
    assert path.exists()

    assert scanned_documents_purge(now=NOW) == 1
    assert scanned_documents_purge(now=NOW) == 0

    old.refresh_from_db()
    assert not path.exists()
    assert old.scanned_document.name == ""
    assert old.scanned_document_purged_at == NOW
    events = SessionEvent.objects.filter(session=old.session, kind="scanned_document.purged")
    assert [(e.actor, e.data["document"]) for e in events] == [(None, str(path.relative_to(media_root)))]


def test_it_keeps_documents_of_the_last_two_years_and_finalisations_without_one() -> None:
    recent = _finalisation(729)
    on_the_day = _finalisation(730)
    without = _finalisation(2000, with_document=False)

    assert scanned_documents_purge(now=NOW) == 0

    for finalisation in (recent, on_the_day):
        finalisation.refresh_from_db()
        assert finalisation.scanned_document and Path(finalisation.scanned_document.path).exists()
        assert finalisation.scanned_document_purged_at is None
    without.refresh_from_db()
    assert without.scanned_document_purged_at is None
    assert not SessionEvent.objects.filter(kind="scanned_document.purged").exists()


def test_the_retention_is_a_setting(settings: Any) -> None:
    settings.PIXCERTIF_SCANNED_DOCUMENT_RETENTION = dt.timedelta(days=10)
    finalisation = _finalisation(11)

    assert list(scanned_documents_due_for_purge(now=NOW)) == [finalisation]


def test_a_purge_whose_file_is_already_gone_still_completes(media_root: Path) -> None:
    # A run that crashed after deleting the file but before committing: the next run finishes the job.
    old = _finalisation(800)
    Path(old.scanned_document.path).unlink()

    assert scanned_document_purge(finalisation_id=old.pk, now=NOW) is True
    assert scanned_document_purge(finalisation_id=old.pk, now=NOW) is False
    assert SessionEvent.objects.filter(session=old.session, kind="scanned_document.purged").count() == 1


def test_the_task_purges_and_is_safe_to_run_twice() -> None:
    old = _finalisation(1000, today=timezone.localdate())  # the task reads the real clock
    path = Path(old.scanned_document.path)

    assert scanned_documents_purge_task.delay().get() == 1
    assert scanned_documents_purge_task.delay().get() == 0
    assert not path.exists()

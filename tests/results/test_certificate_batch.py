"""The certificates of a whole session in one PDF, built by Celery and stored (DOMAIN.md §7).

One page per validated certification, read back with pdftotext; refused before publication; a rebuild
replaces the file; a failure is stored; only the centre's members download it, never before publication.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.files.storage import default_storage
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from centres.models import CertificationCentre
from certification.models import CertificationCourse, ResultStatus
from results.certificate_build import certificate_batch_build, certificate_files_orphans_purge
from results.models import CertificateBatch, CertificateBatchStatus
from results.services import session_publish, session_unpublish
from results.services_certificates import CertificateBatchError, certificate_batch_request
from results.tasks import certificate_batch_build_task
from sessions_app.models import Session, SessionEvent
from tests.broker import BROKER_MARKS, WAIT_SECONDS, celery_worker, wait_for
from tests.candidates.pdf_text import flat, needs_pdftotext, page_count, pdf_text
from tests.results.certificate_factories import LEVELS
from tests.results.publication_factories import NOW, finalised_session, scored_course

pytestmark = pytest.mark.django_db
__all__ = ["celery_worker"]  # the fixture, imported for pytest

CaptureCallbacks = Callable[..., Any]


def _broker(test: Callable[..., None]) -> Callable[..., None]:
    for mark in BROKER_MARKS:  # the real-worker marks on this one test (the closest django_db mark wins)
        test = mark(test)
    return test


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _session(centre: CertificationCentre, validated: int = 2) -> tuple[Session, list[CertificationCourse]]:
    """A finalised session: ``validated`` validated certifications, one rejected, one cancelled."""
    session = finalised_session(centre)
    courses = [
        scored_course(session, pix=8 * (i + 10), levels=LEVELS, first_name=f"Prénom{i}", last_name=f"Validé{i}")
        for i in range(validated)
    ]
    scored_course(session, status=ResultStatus.REJECTED, first_name="Rita", last_name="Rejetée")
    scored_course(session, status=ResultStatus.CANCELLED, first_name="Annie", last_name="Annulée")
    return session, courses


@pytest.fixture
def session_and_courses(centre: CertificationCentre, staff: User) -> tuple[Session, list[CertificationCourse]]:
    session, courses = _session(centre)
    return session_publish(session=session, by=staff, now=NOW), courses


@pytest.fixture
def published(session_and_courses: tuple[Session, list[CertificationCourse]]) -> Session:
    return session_and_courses[0]


def _request(session: Session, by: User, capture: CaptureCallbacks) -> CertificateBatch:
    with capture(execute=True):  # on commit: the task, eager in tests
        certificate_batch_request(session=session, by=by)
    return CertificateBatch.objects.get(session=session)


def _stored(batch: CertificateBatch) -> bytes:
    with default_storage.open(batch.file.name, "rb") as stored:
        return bytes(stored.read())


@needs_pdftotext
def test_it_builds_one_page_per_validated_certification(
    session_and_courses: tuple[Session, list[CertificationCourse]],
    admin: User,
    media_root: Path,
    django_capture_on_commit_callbacks: CaptureCallbacks,
) -> None:
    session, courses = session_and_courses

    batch = _request(session, admin, django_capture_on_commit_callbacks)

    assert batch.status == CertificateBatchStatus.READY
    assert batch.certificate_count == 2
    assert batch.built_at is not None and batch.error == ""
    assert batch.file.name.startswith("certificats/") and batch.file.name.endswith(".pdf")
    assert (media_root / batch.file.name).is_file()
    content = _stored(batch)
    assert content.startswith(b"%PDF")
    assert page_count(content) == 2
    for page, course in enumerate(courses, start=1):  # by name: Validé0, Validé1
        text = flat(pdf_text(content, page=page))
        assert "Certificat de compétences numériques Pix" in text
        assert f"{course.candidate.first_name} {course.candidate.last_name}" in text
        assert course.verification_code in text
    text = flat(pdf_text(content))
    assert "Rejetée" not in text and "Annulée" not in text
    kinds = list(
        SessionEvent.objects.filter(session=session, kind__startswith="certificates.").values_list("kind", flat=True)
    )
    # Requested once by the publication itself, once more by the centre here.
    assert sorted(kinds) == ["certificates.batch_ready", "certificates.batch_requested", "certificates.batch_requested"]


@pytest.mark.parametrize("unpublished", ["never", "withdrawn"])
def test_it_refuses_before_publication(
    centre: CertificationCentre, staff: User, admin: User, unpublished: str, django_capture_on_commit_callbacks: Any
) -> None:
    session, _courses = _session(centre)
    if unpublished == "withdrawn":
        session = session_unpublish(session=session_publish(session=session, by=staff), by=staff)

    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(CertificateBatchError, match="publiés"):
        certificate_batch_request(session=session, by=admin)

    assert not callbacks
    assert not CertificateBatch.objects.filter(session=session).exists()
    assert certificate_batch_build(session_id=session.pk) is None


def test_a_rebuild_replaces_the_file(
    published: Session, admin: User, media_root: Path, django_capture_on_commit_callbacks: CaptureCallbacks
) -> None:
    first = _request(published, admin, django_capture_on_commit_callbacks)
    first_name = first.file.name

    with django_capture_on_commit_callbacks(execute=True):  # a redelivered task
        rebuilt = certificate_batch_build_task.delay(published.pk).get()

    assert rebuilt == 2
    batch = CertificateBatch.objects.get(session=published)
    assert batch.status == CertificateBatchStatus.READY
    assert batch.file.name != first_name
    assert (media_root / batch.file.name).is_file()
    assert not (media_root / first_name).exists(), "the previous file is deleted"
    assert len(list(media_root.rglob("*.pdf"))) == 1


def test_a_stale_task_for_an_unpublished_session_does_nothing(
    published: Session, admin: User, staff: User, media_root: Path
) -> None:
    certificate_batch_request(session=published, by=admin)  # its task is not run here
    session_unpublish(session=published, by=staff)

    assert certificate_batch_build(session_id=published.pk) is None

    assert not CertificateBatch.objects.filter(session=published).exists(), "the unpublication discarded it"
    assert not list(media_root.rglob("*.pdf"))


def test_a_failed_build_is_stored_with_its_error_then_a_retry_succeeds(
    published: Session, admin: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    certificate_batch_request(session=published, by=admin)

    def broken(*args: object, **kwargs: object) -> bytes:
        raise RuntimeError("WeasyPrint a échoué")

    with monkeypatch.context() as patch:
        patch.setattr("results.certificate_build.certificates_pdf", broken)
        with pytest.raises(RuntimeError):
            certificate_batch_build(session_id=published.pk)

    batch = CertificateBatch.objects.get(session=published)
    assert batch.status == CertificateBatchStatus.FAILED
    assert batch.error == "RuntimeError: WeasyPrint a échoué"
    assert not batch.file
    assert SessionEvent.objects.filter(session=published, kind="certificates.batch_failed").exists()

    certificate_batch_build(session_id=published.pk)  # the task's retry

    batch.refresh_from_db()
    assert (batch.status, batch.error, batch.certificate_count) == (CertificateBatchStatus.READY, "", 2)


def test_the_task_is_acked_late_and_retried_with_backoff() -> None:
    assert certificate_batch_build_task.acks_late is True
    assert getattr(certificate_batch_build_task, "autoretry_for", None) == (Exception,)
    assert getattr(certificate_batch_build_task, "retry_backoff", None) is True
    assert certificate_batch_build_task.max_retries == 5


def test_a_session_without_validated_certification_is_ready_without_a_file(
    centre: CertificationCentre,
    staff: User,
    admin: User,
    member_client: Client,
    django_capture_on_commit_callbacks: Any,
) -> None:
    session, _courses = _session(centre, validated=0)
    session_publish(session=session, by=staff)

    batch = _request(session, admin, django_capture_on_commit_callbacks)

    assert (batch.status, batch.certificate_count, batch.file.name) == (CertificateBatchStatus.READY, 0, "")
    html = member_client.get(f"/sessions/{session.pk}/resultats/").content.decode()
    assert "Aucune certification validée dans cette session" in html
    assert member_client.get(f"/sessions/{session.pk}/certificats.pdf").status_code == 404


def test_a_member_downloads_the_stored_pdf(
    published: Session, admin: User, member_client: Client, django_capture_on_commit_callbacks: CaptureCallbacks
) -> None:
    batch = _request(published, admin, django_capture_on_commit_callbacks)

    response = member_client.get(f"/sessions/{published.pk}/certificats.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="certificats_session_{published.pk}.pdf"'
    assert b"".join(response.streaming_content) == _stored(batch)  # type: ignore[attr-defined]


def test_the_stored_file_is_not_served_as_a_media(
    published: Session, admin: User, member_client: Client, django_capture_on_commit_callbacks: CaptureCallbacks
) -> None:
    batch = _request(published, admin, django_capture_on_commit_callbacks)

    assert batch.file.url.startswith("/media/certificats/")
    assert member_client.get(batch.file.url).status_code == 404
    assert Client().get(batch.file.url).status_code == 404


def test_a_stranger_gets_404(
    published: Session, admin: User, stranger_client: Client, django_capture_on_commit_callbacks: CaptureCallbacks
) -> None:
    _request(published, admin, django_capture_on_commit_callbacks)

    assert stranger_client.get(f"/sessions/{published.pk}/certificats.pdf").status_code == 404
    assert stranger_client.post(f"/sessions/{published.pk}/certificats/preparer/").status_code == 404


def test_there_is_no_download_once_unpublished(
    published: Session,
    admin: User,
    staff: User,
    member_client: Client,
    django_capture_on_commit_callbacks: CaptureCallbacks,
) -> None:
    _request(published, admin, django_capture_on_commit_callbacks)
    session_unpublish(session=published, by=staff)

    assert member_client.get(f"/sessions/{published.pk}/certificats.pdf").status_code == 404
    assert member_client.post(f"/sessions/{published.pk}/certificats/preparer/").status_code == 404


def test_a_batch_of_an_earlier_publication_is_not_offered(
    published: Session,
    admin: User,
    staff: User,
    member_client: Client,
    django_capture_on_commit_callbacks: CaptureCallbacks,
) -> None:
    _request(published, admin, django_capture_on_commit_callbacks)  # requested after the publication at NOW
    session_unpublish(session=published, by=staff)
    session_publish(session=published, by=staff)  # published again, now: the results may have changed

    html = member_client.get(f"/sessions/{published.pk}/resultats/").content.decode()
    assert "Certificats en préparation (demandés le" in html, "the new publication asked for a new batch"
    assert "Télécharger les certificats" not in html
    assert member_client.get(f"/sessions/{published.pk}/certificats.pdf").status_code == 404


def _certificates_section(client: Client, session: Session) -> str:
    html = client.get(f"/sessions/{session.pk}/resultats/").content.decode()
    return html.split('id="certificats-titre"')[1].split("</section>")[0]


def test_the_centre_page_shows_each_state(
    published: Session,
    admin: User,
    member_client: Client,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: CaptureCallbacks,
) -> None:
    # A session published before batches were built at publication has none.
    CertificateBatch.objects.filter(session=published).delete()
    section = _certificates_section(member_client, published)
    assert "n'ont pas encore été préparés" in section
    assert "Préparer les certificats de la session" in section
    assert f'action="/sessions/{published.pk}/certificats/preparer/"' in section

    certificate_batch_request(session=published, by=admin)  # the task not run yet
    section = _certificates_section(member_client, published)
    assert "Certificats en préparation (demandés le" in section
    assert "Préparer les certificats" not in section and "Télécharger" not in section

    CertificateBatch.objects.filter(session=published).update(requested_at=timezone.now() - dt.timedelta(minutes=16))
    section = _certificates_section(member_client, published)
    assert "Certificats en préparation (demandés le" in section
    assert "Préparer les certificats de la session" in section, "a batch stuck for 15 minutes can be requested again"

    CertificateBatch.objects.filter(session=published).update(status=CertificateBatchStatus.FAILED, error="Boom")
    section = _certificates_section(member_client, published)
    assert "La préparation des certificats a échoué" in section
    assert "Préparer les certificats de la session" in section
    assert "Boom" not in section  # the technical error is for Pix staff only

    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(f"/sessions/{published.pk}/certificats/preparer/", follow=True)
    assert response.redirect_chain == [(f"/sessions/{published.pk}/resultats/", 302)]
    section = _certificates_section(member_client, published)
    assert "Télécharger les certificats (PDF, 2 certificats)" in section
    assert f'href="/sessions/{published.pk}/certificats.pdf"' in section
    assert "Certificats préparés le" in section
    assert "Préparer les certificats" not in section


def test_the_centre_page_keeps_its_query_count_with_a_batch(
    published: Session,
    admin: User,
    member_client: Client,
    django_capture_on_commit_callbacks: CaptureCallbacks,
) -> None:
    url = f"/sessions/{published.pk}/resultats/"
    member_client.get(url)  # warm the session and membership caches
    with CaptureQueriesContext(connection) as without_batch:
        member_client.get(url)
    _request(published, admin, django_capture_on_commit_callbacks)
    with CaptureQueriesContext(connection) as with_batch:
        assert "Télécharger les certificats" in member_client.get(url).content.decode()
    assert len(with_batch) == len(without_batch)


def _build_queries(centre: CertificationCentre, staff: User, admin: User, validated: int) -> int:
    session, _courses = _session(centre, validated=validated)
    session_publish(session=session, by=staff)
    certificate_batch_request(session=session, by=admin)
    with CaptureQueriesContext(connection) as queries:
        batch = certificate_batch_build(session_id=session.pk)
    assert batch is not None and batch.certificate_count == validated
    return len(queries)


def test_the_build_runs_in_a_constant_number_of_queries(centre: CertificationCentre, staff: User, admin: User) -> None:
    assert _build_queries(centre, staff, admin, 2) == _build_queries(centre, staff, admin, 10)


@pytest.fixture
def worker_session(centre: CertificationCentre, staff: User) -> Iterator[Session]:
    session, _courses = _session(centre)
    yield session_publish(session=session, by=staff)


@_broker
def test_the_worker_builds_the_batch(worker_session: Session, admin: User, celery_worker: str) -> None:
    certificate_batch_request(session=worker_session, by=admin)  # committed: on_commit queues the task

    def _ready() -> bool:
        return CertificateBatch.objects.filter(session=worker_session, status=CertificateBatchStatus.READY).exists()

    assert wait_for(_ready), f"le lot n'a pas été construit en {WAIT_SECONDS} s (file {celery_worker})"
    batch = CertificateBatch.objects.get(session=worker_session)
    assert batch.certificate_count == 2
    assert _stored(batch).startswith(b"%PDF")


def test_pix_staff_see_the_batches_read_only_in_the_admin(
    published: Session, admin: User, staff: User, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    certificate_batch_request(session=published, by=admin)
    with monkeypatch.context() as patch:
        patch.setattr("results.certificate_build.certificates_pdf", lambda *a, **k: 1 / 0)
        with pytest.raises(ZeroDivisionError):
            certificate_batch_build(session_id=published.pk)
    batch = CertificateBatch.objects.get(session=published)
    staff.groups.add(Group.objects.get(name="Support"))
    client.force_login(staff)

    listing = client.get("/admin/results/certificatebatch/")
    assert listing.status_code == 200
    assert "Échec" in listing.content.decode()
    page = client.get(f"/admin/results/certificatebatch/{batch.pk}/change/").content.decode()
    assert "ZeroDivisionError: division by zero" in page
    assert 'name="_save"' not in page  # read-only
    assert client.post(f"/admin/results/certificatebatch/{batch.pk}/delete/", {"post": "yes"}).status_code == 403
    assert CertificateBatch.objects.filter(pk=batch.pk).exists()

    client.force_login(admin)  # a centre member: no back office
    assert client.get("/admin/results/certificatebatch/").status_code == 302


def test_publication_builds_the_batch_and_unpublication_discards_it(
    centre: CertificationCentre, staff: User, media_root: Path, django_capture_on_commit_callbacks: CaptureCallbacks
) -> None:
    session, _courses = _session(centre)
    with django_capture_on_commit_callbacks(execute=True):
        session_publish(session=session, by=staff, now=NOW)
    batch = CertificateBatch.objects.get(session=session)
    assert batch.status == CertificateBatchStatus.READY and batch.certificate_count == 2
    stored = media_root / batch.file.name
    assert stored.is_file()

    with django_capture_on_commit_callbacks(execute=True):
        session_unpublish(session=session, by=staff, now=NOW)
    assert not CertificateBatch.objects.filter(session=session).exists()
    assert not stored.exists(), "withdrawn results leave no certificate file behind"


def test_files_left_by_a_killed_build_are_purged_after_an_hour(
    published: Session, admin: User, media_root: Path, django_capture_on_commit_callbacks: CaptureCallbacks
) -> None:
    batch = _request(published, admin, django_capture_on_commit_callbacks)
    kept = media_root / batch.file.name
    orphan = kept.parent / "certificats_session_orphelin.pdf"
    orphan.write_bytes(b"%PDF-1.7 orphan")
    recent = media_root / "certificats" / "2099" / "01" / "en_cours.pdf"
    recent.parent.mkdir(parents=True)
    recent.write_bytes(b"%PDF-1.7 being written")
    old = (timezone.now() - dt.timedelta(hours=2)).timestamp()
    for path in (kept, orphan):
        os.utime(path, (old, old))

    assert certificate_files_orphans_purge() == 1

    assert kept.is_file(), "the file of a batch stays"
    assert not orphan.exists()
    assert recent.is_file(), "a file younger than an hour may belong to a build in progress"

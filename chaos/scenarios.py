"""The faults of ``make chaos`` (docs/reliability.md « Pannes essayées »). Each returns its observations and
raises ``Failed`` when an expectation does not hold."""
# ruff: noqa: S311 (randomness of simulated candidates, not of secrets)

from __future__ import annotations

import os
import random
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db import connections

from certification.models import Answer, AnswerStatus, AssessmentResult, CertificationCourse, CourseStatus, ResultStatus
from certification.services_scoring import AUTO_EMITTER
from chaos import seed
from chaos.client import Browser, Candidate, ServerError
from chaos.infra import Stack, children, rss_kib
from finalisation.auto_jury import AUTO_JURY_EMITTER
from finalisation.models import IssueReport
from sessions_app.models import Session, SessionEvent


class Failed(AssertionError):
    pass


def check(condition: object, message: str) -> None:
    if not condition:
        raise Failed(message)


def wait_for(condition: Callable[[], object], timeout: float, *, every: float = 0.3) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(every)
    return bool(condition())


def _auto_results(course_ids: list[int], emitter: str = AUTO_EMITTER) -> Counter[int]:
    rows = AssessmentResult.objects.filter(course_id__in=course_ids, emitter=emitter).exclude(status=ResultStatus.ERROR)
    return Counter(rows.values_list("course_id", flat=True))


def _errors(course_ids: list[int]) -> int:
    return AssessmentResult.objects.filter(course_id__in=course_ids, status=ResultStatus.ERROR).count()


def _scored_events(session_ids: set[int]) -> Counter[int]:
    events = SessionEvent.objects.filter(session_id__in=session_ids, kind="course.scored")
    return Counter(int(e.data["course"]) for e in events)


def _scored_once(course_ids: list[int], session_ids: set[int], timeout: float) -> dict[str, Any]:
    """Every course ends with exactly one automatic result and one « course.scored » event, and no error."""
    wait_for(lambda: len(_auto_results(course_ids)) == len(course_ids), timeout)
    results = _auto_results(course_ids)
    check(len(results) == len(course_ids), f"tests non notés : {sorted(set(course_ids) - set(results))}")
    check(max(results.values()) == 1, f"notés plus d'une fois : { {k: v for k, v in results.items() if v > 1} }")
    events = _scored_events(session_ids)
    check(all(events[c] == 1 for c in course_ids), f"événements course.scored en double ou manquants : {events}")
    check(_errors(course_ids) == 0, "des résultats en erreur")
    return {"courses": len(course_ids), "results_per_course": 1}


def _killed_mid_task(stack: Stack, pause_on: str, *, child_only: bool, timeout: float = 30) -> dict[str, Any]:
    """Start the worker pausing right after it saves a ``pause_on`` row, SIGKILL it there, restart it."""
    for marker in stack.pause_dir.iterdir():
        marker.unlink()
    stack.start_worker(pause=pause_on)
    check(wait_for(lambda: any(stack.pause_dir.iterdir()), timeout), f"le worker n'a jamais écrit de {pause_on}")
    marker = next(stack.pause_dir.iterdir())
    if child_only:
        # Only the pool process running the task: the worker sees it lost and puts the message back at once.
        os.kill(int(marker.read_text()), signal.SIGKILL)
    else:
        stack.worker.kill()  # SIGKILL to the whole worker, main process and pool: restarted below
        stack.start_worker()
    return {"killed": marker.name.split("-", 1)[1], "child_only": child_only}


def kill_scoring(stack: Stack, session: Session, *, child_only: bool) -> dict[str, Any]:
    """SIGKILL in the middle of ``course_score_task`` (after its result row, before its marks and event)."""
    stack.worker.kill()
    course_ids = seed.completed_courses(session, 3, seed=11 if child_only else 7)
    kill = _killed_mid_task(stack, "certification.AssessmentResult", child_only=child_only)
    outcome = _scored_once(course_ids, {session.pk}, timeout=60)
    time.sleep(2)  # a late redelivery would show up now
    outcome = _scored_once(course_ids, {session.pk}, timeout=1)
    return {**kill, **outcome}


def kill_auto_jury(stack: Stack) -> dict[str, Any]:
    """SIGKILL in the middle of the auto-jury (after resolving its first report, before the rescoring)."""
    from finalisation.tasks import session_auto_jury_task

    stack.worker.kill()
    session = seed.finalised_session_with_reports(3)
    session_auto_jury_task.delay(session.pk)
    kill = _killed_mid_task(stack, "finalisation.IssueReport", child_only=False)
    check(
        wait_for(lambda: Session.objects.get(pk=session.pk).is_publishable is not None, 60),
        "l'auto-jury n'a pas tourné après le redémarrage du worker",
    )
    time.sleep(2)
    course_ids = list(CertificationCourse.objects.filter(session=session).values_list("pk", flat=True))
    runs = SessionEvent.objects.filter(session=session, kind="session.auto_jury").count()
    check(runs == 1, f"{runs} passages de l'auto-jury enregistrés au lieu d'un")
    results = _auto_results(course_ids, AUTO_JURY_EMITTER)
    check(sorted(results.values()) == [1] * len(course_ids), f"résultats de l'auto-jury par test : {results}")
    reports = IssueReport.objects.filter(candidate__session=session)
    check(all(r.resolved_at and "neutralisée" in r.resolution for r in reports), "signalements non résolus")
    check(Session.objects.get(pk=session.pk).is_publishable is True, "session non publiable")
    return {**kill, "auto_jury_runs": runs, "results_per_course": 1, "reports_resolved": reports.count()}


def kill_school_export(stack: Stack, session: Session, uai: str, students: int) -> dict[str, Any]:
    """SIGKILL in the middle of ``school_export_refresh_task`` (row written, transaction open)."""
    from results.models import SchoolExport

    kill = _killed_mid_task(stack, "results.SchoolExport", child_only=False)
    check(
        wait_for(lambda: SchoolExport.objects.filter(uai=uai, refreshed_at__isnull=False).exists(), 60),
        "l'export LSU n'a pas été rafraîchi après le redémarrage du worker",
    )
    time.sleep(2)
    export = SchoolExport.objects.get(uai=uai)
    check(export.certification_count == students, f"{export.certification_count} certifications dans l'export")
    check(not export.error, f"erreur enregistrée : {export.error}")
    check(SchoolExport.objects.filter(uai=uai).count() == 1, "plusieurs exports pour l'établissement")
    return {**kill, "certifications": export.certification_count, "exports": 1}


def kill_certificate_batch(stack: Stack, session: Session, students: int) -> dict[str, Any]:
    """SIGKILL in the middle of ``certificate_batch_build_task`` (PDF stored, batch row written, not committed)."""
    from django.conf import settings

    from results.models import CertificateBatch, CertificateBatchStatus
    from results.services_certificates import certificate_batch_request

    def ready_events() -> int:
        return SessionEvent.objects.filter(session=session, kind="certificates.batch_ready").count()

    # The publication already requested a build (results.services.session_publish): let it end first.
    check(
        wait_for(
            lambda: (
                not CertificateBatch.objects.filter(session=session, status=CertificateBatchStatus.PENDING).exists()
            ),
            90,
        ),
        "le lot de certificats de la publication reste en préparation",
    )
    before = ready_events()
    stack.worker.kill()
    certificate_batch_request(session=session, by=None)
    kill = _killed_mid_task(stack, "results.CertificateBatch", child_only=False)
    check(
        wait_for(
            lambda: CertificateBatch.objects.filter(session=session, status=CertificateBatchStatus.READY).exists(), 90
        ),
        "le lot de certificats n'est pas prêt après le redémarrage du worker",
    )
    time.sleep(2)
    batch = CertificateBatch.objects.get(session=session)
    check(batch.certificate_count == students, f"{batch.certificate_count} certificats au lieu de {students}")
    ready = ready_events() - before
    check(ready == 1, f"{ready} événements certificates.batch_ready pour une demande")
    stored = Path(settings.MEDIA_ROOT) / batch.file.name
    check(stored.exists() and stored.read_bytes().startswith(b"%PDF"), "le PDF du lot est absent")
    files = sorted(p.name for p in stored.parent.iterdir() if p.name.startswith(f"certificats_session_{session.pk}"))
    return {**kill, "certificates": batch.certificate_count, "ready_events": ready, "pdf_files_on_disk": files}


# --- Candidates over HTTP ------------------------------------------------------------------------------------


class Crowd:
    """Simulated candidates, one thread each, taking tests until told to stop (then finishing their test)."""

    def __init__(
        self, stack: Stack, session: Session, *, size: int, fault_rate: float, think: tuple[float, float], seed_no: int
    ) -> None:
        self.stack = stack
        self.session = session
        self.size = size
        self.fault_rate = fault_rate
        self.think = think
        self.rng = random.Random(seed_no)
        self.candidates: list[Candidate] = []
        self.errors: list[str] = []
        self.stop = threading.Event()
        self.one_test_each = False
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []
        self._seq = seed_no * 100_000

    def _new_candidate(self) -> Candidate:
        with self._lock:
            self._seq += 1
            n = self._seq
        made = seed.started_candidate(self.session, seed=n)
        browser = Browser(self.stack.web_port, cookies={"sessionid": made.session_cookie})
        candidate = Candidate(browser, made.course_id, random.Random(n), fault_rate=self.fault_rate)
        with self._lock:
            self.candidates.append(candidate)
        return candidate

    def _run(self, n: int) -> None:
        rng = random.Random(n)
        try:
            while not self.stop.is_set():
                candidate = self._new_candidate()
                while not candidate.done:  # a started test is finished even after stop: the browser's truth is whole
                    candidate.step()
                    time.sleep(rng.uniform(*self.think))
                if self.one_test_each:
                    return
        except (ServerError, OSError) as error:
            self.errors.append(f"{type(error).__name__}: {error}")

    def start(self) -> None:
        self._threads = [threading.Thread(target=self._run, args=(n,), daemon=True) for n in range(self.size)]
        for thread in self._threads:
            thread.start()

    def join(self, timeout: float = 120) -> None:
        self.stop.set()
        deadline = time.monotonic() + timeout
        for thread in self._threads:
            thread.join(max(0.1, deadline - time.monotonic()))
        check(not any(t.is_alive() for t in self._threads), "des candidats simulés ne terminent pas")

    def compare(self) -> dict[str, Any]:
        """Server-side answers == client-side answers, one answer per question at most."""
        course_ids = [c.course_id for c in self.candidates]
        server: dict[int, dict[int, str]] = {}
        for course_id, question_id, value, status in Answer.objects.filter(course_id__in=course_ids).values_list(
            "course_id", "question_id", "value", "status"
        ):
            server.setdefault(course_id, {})
            check(question_id not in server[course_id], f"réponse en double à la question {question_id}")
            server[course_id][question_id] = "" if status == AnswerStatus.SKIPPED else value
        mismatches = [c.course_id for c in self.candidates if server.get(c.course_id, {}) != c.answers]
        check(not mismatches, f"réponses serveur ≠ réponses client pour les tests {mismatches[:5]}")
        statuses: Counter[int] = Counter()
        for c in self.candidates:
            statuses.update(c.statuses)
        check(not self.errors, f"erreurs côté candidat : {self.errors[:3]}")
        check(all(code < 500 for code in statuses), f"réponses 5xx : {dict(statuses)}")
        completed = CertificationCourse.objects.filter(pk__in=course_ids, status=CourseStatus.COMPLETED).count()
        return {
            "candidates": len(self.candidates),
            "answers": sum(len(c.answers) for c in self.candidates),
            "requests": sum(c.requests for c in self.candidates),
            "replayed": sum(c.replayed for c in self.candidates),
            "dropped": sum(c.dropped for c in self.candidates),
            "completed": completed,
            "statuses": {str(k): v for k, v in sorted(statuses.items())},
        }


def _refused_sends(stack: Stack) -> int:
    """How many times the web processes logged a task they could not queue (pixcertif/lib/tasks.py)."""
    return stack.web.log.read_text(errors="replace").count("Broker indisponible")


def redis_down(stack: Stack, *, hold_down: float = 0) -> dict[str, Any]:
    """Redis stopped while candidates answer: every answer still goes through; the scoring of the tests that
    ended meanwhile runs once Redis is back (queue lost with Redis: the sweep finds them). ``hold_down``: the
    least time Redis stays down (the worker and beat must live through a long outage too)."""
    session = seed.exam_session()
    crowd = Crowd(stack, session, size=4, fault_rate=0.0, think=(0.05, 0.15), seed_no=2)
    crowd.one_test_each = True
    crowd.start()
    time.sleep(1.0)
    stack.redis.stop()
    down_at = time.monotonic()
    crowd.join(timeout=120)
    time.sleep(max(0.0, hold_down - (time.monotonic() - down_at)))
    check(stack.worker.alive() and stack.beat.alive(), "le worker ou beat s'est arrêté pendant la panne de Redis")
    down_for = time.monotonic() - down_at
    completed_while_down = list(
        CertificationCourse.objects.filter(session=session, status=CourseStatus.COMPLETED).values_list("pk", flat=True)
    )
    scored_while_down = len(_auto_results(completed_while_down))
    outcome = crowd.compare()
    check(outcome["completed"] == len(crowd.candidates), "des tests n'ont pas pu être terminés sans Redis")
    stack.start_redis()
    scored = _scored_once(completed_while_down, {session.pk}, timeout=60)
    # Once Redis is back, the web processes queue again (no « Broker indisponible » any more): two more tests.
    refused_while_down = _refused_sends(stack)
    check(refused_while_down >= 1, "aucun test n'a fini pendant la panne : le scénario n'a rien éprouvé")
    after = Crowd(stack, session, size=2, fault_rate=0.0, think=(0.0, 0.05), seed_no=3)
    after.one_test_each = True
    after.start()
    after.join(timeout=60)
    after.compare()
    check(_refused_sends(stack) == refused_while_down, "des tâches refusées par Redis après son redémarrage")
    return {
        **outcome,
        "sends_refused_while_down": refused_while_down,
        "redis_down_seconds": round(down_for, 1),
        "scored_while_down": scored_while_down,
        **scored,
    }


def _french_error(response_body: str) -> bool:
    return "Un problème technique" in response_body and "Traceback" not in response_body


def postgres_restart(stack: Stack) -> dict[str, Any]:
    """PostgreSQL stopped, then started again, under a running gunicorn, worker and beat."""
    session = seed.exam_session()
    made = seed.started_candidate(session, seed=31)
    browser = Browser(stack.web_port, cookies={"sessionid": made.session_cookie})
    candidate = Candidate(browser, made.course_id, random.Random(31))
    candidate.step()
    connections.close_all()
    stack.pg.stop()
    during = []
    try:
        for _ in range(4):
            page = browser.request("GET", candidate.path)
            during.append(page.status)
            check(page.status in (500, 503), f"pendant la panne : {page.status} au lieu de 500/503")
            check(_french_error(page.body), "la page d'erreur n'est pas la page française sans trace")
    finally:
        stack.pg.start()
    after = []
    for _ in range(6):  # both gunicorn workers, each with its stale connection
        page = browser.request("GET", candidate.path)
        after.append(page.status)
    check(after[0] == 200, f"première requête après redémarrage : {after[0]}")
    check(all(s == 200 for s in after), f"après redémarrage : {after}")
    while not candidate.done:
        candidate.step()
    connections.close_all()
    scored = _scored_once([made.course_id], {session.pk}, timeout=60)
    outcome = {"during": during, "after": after, "french_page": True, "answers": len(candidate.answers), **scored}
    return outcome


def _web_rss(stack: Stack) -> int:
    pids = [stack.web.pid, *children(stack.web.pid)]
    return sum(rss_kib(p) for p in pids)


def soak(stack: Stack, *, seconds: float, size: int, think: tuple[float, float]) -> dict[str, Any]:
    """Candidates answering for ``seconds``, 5 % of the posts replayed or dropped."""
    session = seed.exam_session()
    crowd = Crowd(stack, session, size=size, fault_rate=0.05, think=think, seed_no=4)
    crowd.start()
    samples: list[tuple[float, int]] = []
    started = time.monotonic()
    while time.monotonic() - started < seconds and not crowd.errors:
        samples.append((round(time.monotonic() - started, 1), _web_rss(stack)))
        time.sleep(min(5.0, seconds / 20))
    crowd.join(timeout=180)
    samples.append((round(time.monotonic() - started, 1), _web_rss(stack)))
    outcome = crowd.compare()
    completed = list(
        CertificationCourse.objects.filter(session=session, status=CourseStatus.COMPLETED).values_list("pk", flat=True)
    )
    scored = _scored_once(completed, {session.pk}, timeout=120)
    # Memory: after a warm-up (first quarter), the web processes' RSS must stay flat.
    warm = [rss for at, rss in samples if at >= seconds / 4] or [samples[-1][1]]
    baseline, end, peak = warm[0], samples[-1][1], max(warm)
    tolerance = max(baseline * 0.15, 15 * 1024)
    check(end - baseline <= tolerance, f"mémoire du serveur web : {baseline} → {end} Kio (tolérance {tolerance:.0f})")
    return {
        **outcome,
        **scored,
        "seconds": seconds,
        "rss_kib": {"after_warmup": baseline, "end": end, "peak": peak, "growth": end - baseline},
        "rss_samples": samples,  # (seconds since start, KiB) of gunicorn's master and workers
    }


def write_json(path: Path, data: object) -> None:
    import json

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")

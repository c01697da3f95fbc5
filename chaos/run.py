"""``make chaos`` / ``make chaos-short``: start a disposable stack, inject every fault, check nothing is lost.

    .venv/bin/python -m chaos.run            # full: 30-minute soak
    .venv/bin/python -m chaos.run --short    # CI: the same faults, a 45-second soak (under 3 minutes in all)

Prints one line per scenario, writes chaos/results/latest.json, exits 1 if any scenario failed.
Environment: CHAOS_SOAK_SECONDS overrides the soak length, CHAOS_REDIS_DOWN_SECONDS the least length of the
Redis outage (full: 90 s), CHAOS_RESULTS the JSON file, CHAOS_KEEP=1 keeps the run's directory (logs).
"""

from __future__ import annotations

import argparse
import atexit
import datetime as dt
import os
import signal
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from chaos.infra import Stack

STUDENTS = 3
RESULTS = Path(os.environ.get("CHAOS_RESULTS") or Path(__file__).resolve().parent / "results" / "latest.json")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--short", action="store_true", default=bool(os.environ.get("CHAOS_SHORT")))
    args = parser.parse_args(argv)
    soak_seconds = float(os.environ.get("CHAOS_SOAK_SECONDS", 45 if args.short else 30 * 60))
    redis_down_seconds = float(os.environ.get("CHAOS_REDIS_DOWN_SECONDS", 0 if args.short else 90))

    started = time.monotonic()
    stack = Stack()
    atexit.register(stack.down)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    results: list[dict[str, Any]] = []
    report: dict[str, Any] = {
        "mode": "short" if args.short else "full",
        "started_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "leftovers_removed": stack.removed,
        "scenarios": results,
    }
    try:
        print(f"chaos: PostgreSQL :{stack.pg.port}, Redis :{stack.redis_port}, web :{stack.web_port} ({stack.run_dir})")
        stack.up()
        os.environ.update(stack.env)
        import django

        django.setup()
        from chaos import scenarios, seed

        seed.content_bank()
        stack.start_web()
        stack.beat.start()

        def with_fresh_worker(scenario: Callable[[], dict[str, Any]]) -> Callable[[], dict[str, Any]]:
            """A worker started without any pause (a kill scenario may have left one that pauses)."""

            def run() -> dict[str, Any]:
                stack.worker.kill()
                stack.start_worker()
                return scenario()

            return run

        scoring_session = seed.exam_session()
        published: list[tuple[Any, str]] = []

        def school() -> tuple[Any, str]:
            """The published school session, made once (its publication queues the LSU export)."""
            if not published:
                stack.worker.kill()
                published.append(seed.published_school_session(STUDENTS))
            return published[0]

        plan: list[tuple[str, Callable[[], dict[str, Any]]]] = [
            (
                "SIGKILL du worker pendant la notation",
                lambda: scenarios.kill_scoring(stack, scoring_session, child_only=False),
            ),
            (
                "SIGKILL du processus qui note (le worker survit)",
                lambda: scenarios.kill_scoring(stack, scoring_session, child_only=True),
            ),
            ("SIGKILL du worker pendant l'auto-jury", lambda: scenarios.kill_auto_jury(stack)),
            (
                "SIGKILL du worker pendant l'export LSU d'un établissement",
                lambda: scenarios.kill_school_export(stack, *school(), STUDENTS),
            ),
            (
                "SIGKILL du worker pendant le lot de certificats",
                lambda: scenarios.kill_certificate_batch(stack, school()[0], STUDENTS),
            ),
            (
                "Redis arrêté pendant la session",
                with_fresh_worker(lambda: scenarios.redis_down(stack, hold_down=redis_down_seconds)),
            ),
            ("PostgreSQL redémarré", lambda: scenarios.postgres_restart(stack)),
            (
                f"Endurance {soak_seconds:.0f} s, 5 % de requêtes rejouées ou coupées",
                lambda: scenarios.soak(
                    stack,
                    seconds=soak_seconds,
                    size=6 if args.short else 12,
                    think=(0.0, 0.05) if args.short else (0.2, 1.5),
                ),
            ),
        ]
        for name, run in plan:
            t0 = time.monotonic()
            entry: dict[str, Any] = {"name": name}
            try:
                entry["details"] = run()
                entry["ok"] = True
            except Exception as error:
                entry["ok"] = False
                entry["error"] = f"{type(error).__name__}: {error}"
                if not isinstance(error, scenarios.Failed):
                    entry["traceback"] = traceback.format_exc()
            entry["seconds"] = round(time.monotonic() - t0, 1)
            results.append(entry)
            mark = "OK   " if entry["ok"] else "ÉCHEC"
            summary = entry.get("error") or _summary(entry.get("details", {}))
            print(f"[{mark}] {name} ({entry['seconds']} s) — {summary}", flush=True)
            if not entry["ok"] and "traceback" in entry:
                print(entry["traceback"], file=sys.stderr)
    except Exception as error:
        results.append({"name": "mise en place", "ok": False, "error": f"{type(error).__name__}: {error}"})
        print(f"[ÉCHEC] mise en place — {error}", flush=True)
        traceback.print_exc()
    finally:
        report["seconds"] = round(time.monotonic() - started, 1)
        report["ok"] = bool(results) and all(r["ok"] for r in results)
        from chaos.scenarios import write_json

        write_json(RESULTS, report)
        if not report["ok"]:
            print(f"chaos: journaux dans {stack.run_dir} (gardés avec CHAOS_KEEP=1)")
            for name in ("web", "worker", "beat"):
                log = stack.run_dir / f"{name}.log"
                if log.exists():
                    tail = log.read_text(errors="replace").splitlines()[-15:]
                    print(f"--- {name}.log (fin) ---\n" + "\n".join(tail))
        from django.db import connections

        connections.close_all()
        stack.down()
    verdict = "OK" if report["ok"] else "ÉCHEC"
    print(
        f"chaos: {verdict} en {report['seconds']} s — {RESULTS.relative_to(Path.cwd()) if RESULTS.is_relative_to(Path.cwd()) else RESULTS}"
    )
    return 0 if report["ok"] else 1


def _summary(details: dict[str, Any]) -> str:
    keys = (
        "courses",
        "candidates",
        "answers",
        "replayed",
        "dropped",
        "auto_jury_runs",
        "certifications",
        "certificates",
        "pdf_files_on_disk",
        "during",
        "after",
        "redis_down_seconds",
        "scored_while_down",
        "sends_refused_while_down",
        "rss_kib",
    )
    return ", ".join(f"{k}={details[k]}" for k in keys if k in details)


if __name__ == "__main__":
    sys.exit(main())

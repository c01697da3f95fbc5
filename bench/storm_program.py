"""``make bench-storm`` (``python -m bench.run --storm``): the 9:00 storm alone, the capacity search, the split tier.

Three measures on the same fresh bench database (docs/performance.md, « L'afflux de 9 h »):

1. **the storm** at the issue's rate: 1,000 candidates of 40 sessions arriving at 50 a second (join page, join
   form, first question, answer), 40 supervisors refreshing their portal every 5 s, 60 s in all, against one
   gunicorn (3 sync workers, production settings) — the same Locust file as ``make bench``;
2. **the capacity search**: arrival rates of 10, 20, 30, 50, 80 candidates a second (20 s of arrivals each, fresh
   candidates each time), stopping at the first rate that does not hold (an error, a candidate who did not answer
   the first question, or a p95 of 300 ms or more on any request type); the highest rate that held is the
   capacity, printed beside the ceiling (the trivial view's req/s) of the same run;
3. **the split web tier**: the storm again with two gunicorn instances (2 workers each) behind HAProxy, round
   robin per request, so that a candidate's requests alternate between the instances; the access logs say how
   the requests were shared and how many candidates were served by both instances.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bench.run import (
    FULL,
    QUICK,
    RESULTS,
    ROOT,
    WEB_WORKERS,
    Bench,
    bench_env,
    collect_static,
    evaluate,
    free_port,
    machine,
    print_table,
    reset_database,
    reset_redis,
    services,
)

TARGET_P95_MS = 300.0
ROUND = "storm"


@dataclass(frozen=True)
class StormPlan:
    rate: int  # the arrival rate (candidates per second)
    sessions: int
    per_session: int
    seconds: int
    search_rates: tuple[int, ...]
    search_arrival_seconds: int  # each search step: rate × this many candidates
    search_drain_seconds: int
    split_workers: int  # gunicorn workers of each of the two instances


FULL_PLAN = StormPlan(50, 40, 25, 60, (10, 20, 30, 50, 80), 20, 15, 2)
QUICK_PLAN = StormPlan(5, 2, 5, 8, (5, 10), 2, 4, 1)


def fixtures_for(seeder: Any, centre: Any, sessions: int, per_session: int) -> dict[str, Any]:
    """Fresh candidates (never joined) and their supervisors, as the Locust file reads them."""
    from django.utils import timezone

    candidates, supervisors = seeder.storm(centre, timezone.localdate(), sessions, per_session)
    return {
        "storm_candidates": [asdict(c) for c in candidates],
        "storm_supervisors": [asdict(s) for s in supervisors],
    }


def step_holds(result: dict[str, Any]) -> bool:
    worst_p95 = max((stats["p95_ms"] for stats in result["requests"].values()), default=float("inf"))
    return (
        result["all"].get("errors", 1) == 0
        and result["completed"] == result["candidates"]
        and worst_p95 < TARGET_P95_MS
        and bool(result["requests"])
    )


_TEST = re.compile(r'"(?:GET|POST) (/certification/tests/(\d+)/)')
_ANY_REQUEST = re.compile(r'"(?:GET|POST) /')


def share_of_instances(logs: list[Path], since: list[int]) -> dict[str, Any]:
    """From the instances' access logs (the lines written after ``since``): requests per instance, and how many
    candidates' tests were served by more than one instance."""
    served: dict[str, set[int]] = defaultdict(set)
    counts = []
    for index, (log, start) in enumerate(zip(logs, since, strict=True)):
        count = 0
        with log.open("rb") as handle:
            handle.seek(start)
            for raw in handle:
                line = raw.decode(errors="replace")
                if _ANY_REQUEST.search(line):
                    count += 1
                found = _TEST.search(line)
                if found:
                    served[found.group(2)].add(index)
        counts.append(count)
    both = sum(1 for instances in served.values() if len(instances) > 1)
    return {"requests_per_instance": counts, "tests": len(served), "tests_served_by_both": both}


def log_sizes(logs: list[Path]) -> list[int]:
    return [log.stat().st_size if log.exists() else 0 for log in logs]


def warm_up(bench: Bench, seeder: Any, centre: Any, port: int | None = None) -> None:
    """A few candidates through every page first: at 9:00 the web processes have been serving since the morning
    (templates compiled, connections open), which a freshly started server has not."""
    from django.db import connections

    fx = fixtures_for(seeder, centre, 2, 6)
    connections.close_all()
    bench.run_storm(fx, 4, 6, port)


def search(bench: Bench, plan: StormPlan, seeder: Any, centre: Any) -> int:
    """The capacity search: each rate on fresh candidates, stopping at the first that does not hold."""
    from django.db import connections

    held = 0
    for rate in plan.search_rates:
        count = rate * plan.search_arrival_seconds
        sessions = max(1, -(-count // plan.per_session))
        fx = fixtures_for(seeder, centre, sessions, plan.per_session)
        fx["storm_candidates"] = fx["storm_candidates"][:count]
        connections.close_all()
        result = bench.run_storm(fx, rate, plan.search_arrival_seconds + plan.search_drain_seconds)
        holds = step_holds(result)
        worst = max((stats["p95_ms"] for stats in result["requests"].values()), default=None)
        bench.row(
            round=ROUND,
            kind="capacity",
            name=f"capacity_at_{rate}",
            value=worst,
            unit="ms p95",
            ratio=None,
            rate=rate,
            candidates=result["candidates"],
            completed=result["completed"],
            errors=result["all"].get("errors"),
            p50_ms=result["all"].get("p50_ms"),
            p95_ms=result["all"].get("p95_ms"),
            p99_ms=result["all"].get("p99_ms"),
            target="worst p95 < 300 ms, 0 errors, every candidate answered",
            holds=holds,
        )
        if not holds:
            break
        held = rate
        time.sleep(3)  # the worker drains what the step queued before the next one starts
    return held


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="pixcertif: the 9:00 storm, the capacity search, the split tier")
    parser.add_argument("--quick", action="store_true", help="tiny storm (the CI's test of this code)")
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument("--no-split", action="store_true", help="skip the HAProxy run")
    args = parser.parse_args(argv)
    mode, plan = (QUICK, QUICK_PLAN) if args.quick else (FULL, FULL_PLAN)
    started, load_at_start = time.monotonic(), os.getloadavg()
    database_url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/pixcertif_bench")
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/3")
    args.results.mkdir(parents=True, exist_ok=True)
    var_dir = args.results / "var"
    logs = var_dir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    env = bench_env(database_url, redis_url, var_dir)
    if args.quick:
        env["PIXCERTIF_STATIC_MANIFEST"] = "false"
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    print(f"pixcertif storm ({mode.name}) — base {urlsplit(database_url).path.lstrip('/')}, load {load_at_start}")
    reset_database(database_url)
    reset_redis(redis_url)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_birthplaces", verbosity=0)
    call_command("load_demo_content", verbosity=0)
    if not args.quick:
        collect_static(var_dir)
    from django.db import connections

    from bench.loadgen import Request
    from bench.seed import Seeder

    seeder = Seeder()
    big, lycee = seeder.base()
    seeder.filler(big=big, lycee=lycee, units=mode.units[0])
    storm_fx = fixtures_for(seeder, big, plan.sessions, plan.per_session)
    with connections["default"].cursor() as cursor:
        cursor.execute("ANALYZE")
    connections.close_all()
    port = free_port()
    capacity = 0
    with tempfile.TemporaryDirectory(prefix="pixcertif-storm-") as tmp:
        bench = Bench(mode, port, env, Path(tmp))
        with services(env, port, logs):
            ceiling = Request("GET", "/bench/ceiling/")
            bench.page(ROUND, "ceiling", lambda _worker: ceiling, None)
            warm_up(bench, seeder, big)
            print(f"storm: {len(storm_fx['storm_candidates'])} candidates at {plan.rate}/s", flush=True)
            bench.storm_rows(ROUND, "storm", bench.run_storm(storm_fx, plan.rate, plan.seconds), rate=plan.rate)
            time.sleep(3)
            capacity = search(bench, plan, seeder, big)
        bench.row(
            round=ROUND,
            kind="capacity",
            name="capacity",
            value=capacity,
            unit="cand/s",
            ratio=None,
            ceiling_rps=bench.ceiling_rps.get(ROUND),
            target=f"highest arrival rate with p95 < 300 ms and 0 errors (ceiling {bench.ceiling_rps.get(ROUND, 0):.0f} req/s)",
        )
        if not args.no_split:
            split_fx = fixtures_for(seeder, big, plan.sessions, plan.per_session)
            connections.close_all()
            web_ports = (free_port(), free_port())
            instance_logs = [logs / "gunicorn-1.log", logs / "gunicorn-2.log"]
            with services(env, port, logs, web_ports=web_ports, workers=plan.split_workers, access_log=True):
                warm_up(bench, seeder, big)
                since = log_sizes(instance_logs)
                result = bench.run_storm(split_fx, plan.rate, plan.seconds)
            bench.storm_rows(ROUND, "split_storm", result, rate=plan.rate, **share_of_instances(instance_logs, since))
    rows = bench.rows
    evaluate(rows)
    print_table(rows, [ROUND])
    print(f"\nCapacity: {capacity} candidates/s (ceiling of the same run: {bench.ceiling_rps.get(ROUND, 0):.0f} req/s)")
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    document = {
        "mode": f"storm-{mode.name}",
        "started_at": stamp,
        "seconds": round(time.monotonic() - started, 1),
        "machine": {**machine(), "loadavg_at_start": load_at_start, "loadavg_at_end": os.getloadavg()},
        "server": {"gunicorn_workers": WEB_WORKERS, "split": {"instances": 2, "workers_each": plan.split_workers}},
        "plan": asdict(plan),
        "rounds": {ROUND: mode.units[0]},
        "capacity_candidates_per_second": capacity,
        "rows": rows,
    }
    text = json.dumps(document, indent=2, ensure_ascii=False, default=str)
    (args.results / f"{stamp}-storm-{mode.name}.json").write_text(text, encoding="utf-8")
    (args.results / ("latest-storm.json" if not args.quick else "latest-storm-quick.json")).write_text(
        text, encoding="utf-8"
    )
    print(f"JSON: {args.results / f'{stamp}-storm-{mode.name}.json'} ({document['seconds']:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

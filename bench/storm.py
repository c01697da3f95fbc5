"""The 9:00 join storm: Locust headless against the running gunicorn, then the database says who made it."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from certification.models import Answer

ROOT = Path(__file__).resolve().parent.parent


def _stats(row: dict[str, str]) -> dict[str, Any]:
    def num(key: str) -> float:
        value = row.get(key, "") or "0"
        return float(value) if value != "N/A" else 0.0

    return {
        "requests": int(num("Request Count")),
        "errors": int(num("Failure Count")),
        "rps": num("Requests/s"),
        "p50_ms": num("50%"),
        "p95_ms": num("95%"),
        "p99_ms": num("99%"),
        "max_ms": num("Max Response Time"),
    }


def run_storm(
    *, port: int, fixtures: dict[str, Any], rate: int, seconds: int, env: dict[str, str], work: Path
) -> dict[str, Any]:
    data = {"storm_candidates": fixtures["storm_candidates"], "storm_supervisors": fixtures["storm_supervisors"]}
    data_file = work / "storm.json"
    data_file.write_text(json.dumps(data), encoding="utf-8")
    users = len(data["storm_candidates"]) + len(data["storm_supervisors"])
    prefix = work / "storm"
    command = [
        str(Path(sys.executable).parent / "locust"),
        "-f",
        str(ROOT / "bench" / "locustfile.py"),
        "--headless",
        "--host",
        f"http://127.0.0.1:{port}",
        "-u",
        str(users),
        "-r",
        str(rate),
        "-t",
        f"{seconds}s",
        "--csv",
        str(prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
        "--exit-code-on-error",
        "0",
    ]
    completed = subprocess.run(  # noqa: S603 - our own command line
        command,
        cwd=ROOT,
        env={**os.environ, **env, "BENCH_STORM_FILE": str(data_file)},
        capture_output=True,
        check=False,
    )
    stats_file = Path(f"{prefix}_stats.csv")
    if not stats_file.exists():
        raise RuntimeError(f"Locust n'a rien écrit : {completed.stderr.decode()[-2000:]}")
    requests: dict[str, dict[str, Any]] = {}
    overall: dict[str, Any] = {}
    with stats_file.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["Name"] == "Aggregated":
                overall = _stats(row)
            else:
                requests[row["Name"]] = _stats(row)
    sessions = {c["session"] for c in data["storm_candidates"]}
    answered = Answer.objects.filter(course__session_id__in=sessions).values("course_id").distinct().count()
    return {"requests": requests, "all": overall, "candidates": len(data["storm_candidates"]), "completed": answered}

"""The benchmark runs in its quick form on tiny data and writes its JSON with every expected row.

The numbers are never asserted: only that each measure ran and was recorded. It needs PostgreSQL and
Redis (gunicorn and a Celery worker serve the bench database): skipped on the SQLite pass of the CI.
Each test uses its own database and Redis DB, never the suite's nor the other's: pytest-xdist's
``loadgroup`` groups nothing with pytest 9.2 + xdist 3.8 (pytest-dev/pytest-xdist#1386), so the two
tests may run at the same time on two workers, and the bench drops and re-creates its database (CI
failed when the storm program dropped ``pixcertif_bench_test`` under the quick bench).
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATABASE_URL = os.environ.get("DATABASE_URL", "")
REDIS_URL = os.environ.get("REDIS_URL", "")

pytestmark = [
    pytest.mark.xdist_group("bench"),
    pytest.mark.skipif(
        not DATABASE_URL.startswith(("postgres://", "postgresql://")) or not REDIS_URL.startswith("redis://"),
        reason="le banc d'essai a besoin de PostgreSQL (DATABASE_URL) et de Redis (REDIS_URL)",
    ),
]

PAGES = [
    "ceiling",
    "session_list",
    "session_list_by_candidates",
    "session_detail",
    "enrolment_page",
    "portal_refresh",
    "question_page",
    "answer_submit",
    "admin_to_process",
    "admin_to_publish",
    "admin_all_sessions",
]
JOBS = [
    "baseline_process",
    "siecle_import_small",
    "siecle_import_large",
    "ods_import",
    "attendance_sheet",
    "scoring",
    "auto_jury",
    "certificates",
]
OTHERS = ["storm_all", "lsu_lsl_export_refresh", "api_read"]


def _own(url: str, path: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def test_quick_bench_writes_every_row(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "BENCH_DATABASE_URL": _own(DATABASE_URL, "/pixcertif_bench_test"),
        "BENCH_REDIS_URL": _own(REDIS_URL, "/5"),
    }
    completed = subprocess.run(  # noqa: S603 - the bench's own command line
        [sys.executable, "-m", "bench.run", "--quick", "--results", str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    assert "ceiling" in completed.stdout  # the table was printed

    document = json.loads((tmp_path / "latest-quick.json").read_text(encoding="utf-8"))
    assert document["mode"] == "quick"
    rows = {(row["round"], row["name"]): row for row in document["rows"]}
    for round_tag in ("1x", "10x"):
        for name in PAGES:
            row = rows[(round_tag, name)]
            assert row["unit"] == "req/s" and row["requests"] > 0, row
            if name != "ceiling":
                assert row["ratio"] is not None and row["queries"] is not None, row
    for name in JOBS:
        row = rows[("10x", name)]
        assert "error" not in row.get("detail", {}), row
        assert row["peak_rss_mb"] > 0, row
    for name in OTHERS:
        assert ("10x", name) in rows
    if importlib.util.find_spec("locust") is not None:
        assert rows[("10x", "storm_all")]["candidates"] > 0
    assert {g["name"] for g in document["growth"]} >= set(PAGES)


def test_quick_storm_program_writes_the_storm_the_capacity_search_and_the_split_tier(tmp_path: Path) -> None:
    if importlib.util.find_spec("locust") is None:
        pytest.skip("Locust n'est pas installé (extra `load`)")
    env = {
        **os.environ,
        "BENCH_DATABASE_URL": _own(DATABASE_URL, "/pixcertif_storm_test"),
        "BENCH_REDIS_URL": _own(REDIS_URL, "/6"),
    }
    completed = subprocess.run(  # noqa: S603 - the bench's own command line
        [sys.executable, "-m", "bench.storm_program", "--quick", "--results", str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    assert "Capacity:" in completed.stdout
    document = json.loads((tmp_path / "latest-storm-quick.json").read_text(encoding="utf-8"))
    rows = {row["name"]: row for row in document["rows"]}
    for name in ("ceiling", "storm_all", "capacity", "split_storm_all"):
        assert name in rows, name
    assert rows["storm_all"]["candidates"] > 0
    assert any(name.startswith("capacity_at_") for name in rows)
    # The split tier really served the storm from both instances.
    assert all(count > 0 for count in rows["split_storm_all"]["requests_per_instance"])

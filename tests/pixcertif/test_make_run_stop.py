"""Ctrl+C on `make run` stops the web server, the worker and beat within a few seconds, with no SIGKILL.

The processes are those of Procfile.dev, started by honcho as `make run` does, on a free port and a var/
of their own. Ctrl+C is the terminal's SIGINT to honcho's process group (honcho's children run in
sessions of their own: honcho then sends each of them SIGTERM, and SIGKILL 5 s later to whoever is left).
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
HONCHO = ROOT / ".venv" / "bin" / "honcho"
PROCESSES = ("web", "worker", "beat")
STOP_SECONDS = 4.0  # about 2 s measured; honcho sends SIGKILL to whoever is left after 5 s
READY_SECONDS = 120

pytestmark = [
    pytest.mark.processes,
    pytest.mark.skipif(not HONCHO.exists(), reason="pas de .venv/bin/honcho : lancez make install"),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def _environment(var_dir: Path, port: int) -> dict[str, str]:
    # The embedded defaults of `make run`: SQLite and the filesystem broker under var/, whatever the test run uses.
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL"}}
    return {**env, "PIXCERTIF_VAR_DIR": str(var_dir), "PIXCERTIF_PORT": str(port), "PYTHONUNBUFFERED": "1"}


def test_ctrl_c_stops_web_worker_and_beat_within_seconds_without_sigkill(tmp_path: Path) -> None:
    port = _free_port()
    honcho = subprocess.Popen(  # noqa: S603 (our own venv's honcho, fixed arguments)
        [str(HONCHO), "start", "-f", "Procfile.dev", *PROCESSES],
        cwd=ROOT,
        env=_environment(tmp_path / "var", port),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # honcho leads a process group, as in a terminal
    )
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(iter(honcho.stdout.readline, "")), daemon=True)  # type: ignore[union-attr]
    reader.start()
    try:
        deadline = time.monotonic() + READY_SECONDS
        while time.monotonic() < deadline:
            output = "".join(lines)
            if _answers(port) and re.search(r"worker\.1 .*ready\.", output) and "beat: Starting" in output:
                break
            assert honcho.poll() is None, f"honcho s'est arrêté au démarrage :\n{output}"
            time.sleep(0.2)
        else:
            pytest.fail(f"pas prêts en {READY_SECONDS} s :\n{''.join(lines)}")

        started = time.monotonic()
        os.killpg(honcho.pid, signal.SIGINT)  # Ctrl+C
        honcho.wait(timeout=30)
        elapsed = time.monotonic() - started
    finally:
        if honcho.poll() is None:
            os.killpg(honcho.pid, signal.SIGKILL)
            honcho.wait()
    reader.join(timeout=5)
    output = "".join(lines)

    assert "SIGKILL" not in output, output
    assert elapsed < STOP_SECONDS, f"arrêt en {elapsed:.1f} s :\n{output}"
    pids = {name: int(pid) for name, pid in re.findall(r"(\w+)\.1 started \(pid=(\d+)\)", output)}
    assert set(pids) == set(PROCESSES), output
    for name, pid in pids.items():
        assert f"{name}.1 stopped (rc=" in output, output
        assert not _alive_in_group(pid), f"{name} : processus encore en vie {_alive_in_group(pid)}"


def _alive_in_group(pgid: int) -> list[str]:
    """The processes of a process group still running (a zombie waiting for its reaper has ended)."""
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        state, group = fields[0], int(fields[2])
        if group == pgid and state != "Z":
            alive.append(f"{stat.parent.name} ({state})")
    return alive

"""The disposable stack of one chaos run: its own PostgreSQL cluster, Redis, gunicorn, Celery worker and beat.

Every server listens on a free loopback port chosen at start and lives under ``/tmp/pixcertif-chaos/<pid>``;
a directory left by a crashed run (its pid no longer alive) is stopped and removed at the next start.
The machine's PostgreSQL (5432) and Redis (6379) are never touched.
"""
# ruff: noqa: S603, S108, S103

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASE = Path(os.environ.get("CHAOS_TMP", "/tmp/pixcertif-chaos"))
PYTHON = sys.executable
BIN = Path(PYTHON).parent


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def port_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def wait_until(condition: object, timeout: float, what: str) -> None:
    assert callable(condition)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise TimeoutError(f"{what}: toujours pas prêt après {timeout:.0f} s")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _pg_bin() -> Path:
    """The newest PostgreSQL server binaries installed (Debian layout), else the ones on PATH."""
    versions = sorted(
        (p for p in Path("/usr/lib/postgresql").glob("*") if (p / "bin" / "pg_ctl").exists()),
        key=lambda p: int(p.name) if p.name.isdigit() else 0,
    )
    if versions:
        return versions[-1] / "bin"
    found = shutil.which("pg_ctl")
    if not found:
        raise RuntimeError("PostgreSQL (pg_ctl) introuvable")
    return Path(found).parent


def _as_postgres(cmd: list[str]) -> list[str]:
    """initdb and the postmaster refuse root: run them as the postgres user when we are root."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


def cleanup_leftovers() -> list[str]:
    """Stop and remove what a crashed run left behind; returns what was removed."""
    removed: list[str] = []
    if not BASE.exists():
        return removed
    for run_dir in BASE.iterdir():
        if not run_dir.name.isdigit() or _pid_alive(int(run_dir.name)):
            continue
        pg_dir = run_dir / "pg"
        if (pg_dir / "postmaster.pid").exists():
            subprocess.run(
                _as_postgres([str(_pg_bin() / "pg_ctl"), "-D", str(pg_dir), "-m", "immediate", "-w", "stop"]),
                capture_output=True,
                check=False,
            )
        for pidfile in run_dir.glob("*.pid"):
            with contextlib.suppress(ValueError, ProcessLookupError, PermissionError):
                os.killpg(int(pidfile.read_text().strip()), signal.SIGKILL)
        shutil.rmtree(run_dir, ignore_errors=True)
        removed.append(str(run_dir))
    return removed


class Postgres:
    """A private cluster in a temporary directory (initdb + pg_ctl), trust auth on 127.0.0.1 only."""

    def __init__(self, run_dir: Path) -> None:
        self.dir = run_dir / "pg"
        self.port = free_port()
        self.bin = _pg_bin()
        self.log = run_dir / "pg.log"

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/pixcertif_chaos"

    def _ctl(self, *args: str) -> None:
        cmd = [str(self.bin / "pg_ctl"), "-D", str(self.dir), "-l", str(self.log), *args]
        subprocess.run(_as_postgres(cmd), check=True, capture_output=True, timeout=60)

    def create(self) -> None:
        self.dir.mkdir(parents=True)
        if os.geteuid() == 0:
            shutil.chown(self.dir.parent, "postgres")
            shutil.chown(self.dir, "postgres")
            self.log.touch()
            shutil.chown(self.log, "postgres")
        cmd = [str(self.bin / "initdb"), "-D", str(self.dir), "-U", "postgres", "--auth=trust", "-E", "UTF8"]
        subprocess.run(_as_postgres([*cmd, "--no-sync"]), check=True, capture_output=True, timeout=120)
        conf = self.dir / "postgresql.conf"
        with conf.open("a") as handle:
            handle.write(
                f"\nport = {self.port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{self.dir}'\n"
                "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\nmax_connections = 60\n"
            )
        self.start()
        subprocess.run(
            _as_postgres(
                [
                    str(self.bin / "createdb"),
                    "-h",
                    "127.0.0.1",
                    "-p",
                    str(self.port),
                    "-U",
                    "postgres",
                    "pixcertif_chaos",
                ]
            ),
            check=True,
            capture_output=True,
        )

    def start(self) -> None:
        self._ctl("-w", "-t", "60", "start")
        wait_until(lambda: port_open(self.port), 30, "PostgreSQL")

    def stop(self) -> None:
        self._ctl("-w", "-m", "fast", "stop")

    def restart(self) -> None:
        self._ctl("-w", "-m", "fast", "restart")

    def destroy(self) -> None:
        if (self.dir / "postmaster.pid").exists():
            with contextlib.suppress(subprocess.SubprocessError):
                self._ctl("-w", "-m", "immediate", "stop")


class Process:
    """A child process in its own process group (killed with its children), output to a log file."""

    def __init__(self, name: str, cmd: list[str], env: dict[str, str], run_dir: Path) -> None:
        self.name = name
        self.cmd = cmd
        self.env = env
        self.run_dir = run_dir
        self.log = run_dir / f"{name}.log"
        self.popen: subprocess.Popen[bytes] | None = None

    def start(self, extra_env: dict[str, str] | None = None) -> None:
        with self.log.open("ab") as out:
            self.popen = subprocess.Popen(
                self.cmd,
                cwd=ROOT,
                env={**self.env, **(extra_env or {})},
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        (self.run_dir / f"{self.name}.pid").write_text(str(self.popen.pid))

    @property
    def pid(self) -> int:
        assert self.popen is not None
        return self.popen.pid

    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def kill(self, sig: int = signal.SIGKILL) -> None:
        if self.popen is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, sig)
        try:
            self.popen.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(timeout=10)
        self.popen = None
        (self.run_dir / f"{self.name}.pid").unlink(missing_ok=True)

    def stop(self) -> None:
        self.kill(signal.SIGTERM)


def rss_kib(pid: int) -> int:
    """Resident memory of a process (VmRSS, KiB)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


class Stack:
    """PostgreSQL + Redis + gunicorn + worker + beat of one run, and the environment they share."""

    def __init__(self) -> None:
        self.removed = cleanup_leftovers()
        self.run_dir = BASE / str(os.getpid())
        self.run_dir.mkdir(parents=True, exist_ok=True)
        os.chmod(BASE, 0o1777)
        self.pg = Postgres(self.run_dir)
        self.redis_port = free_port()
        self.web_port = free_port()
        self.var_dir = self.run_dir / "var"
        self.var_dir.mkdir()
        self.pause_dir = self.run_dir / "pause"
        self.pause_dir.mkdir()
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "chaos.settings",
            "DATABASE_URL": self.pg.url,
            "REDIS_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": f"chaos-only-{os.getpid()}-{time.time_ns()}-not-a-real-secret-0123456789abcdef",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "PIXCERTIF_STATIC_MANIFEST": "false",
            "PIXCERTIF_VAR_DIR": str(self.var_dir),
            "EMAIL_URL": "dummymail://",
            "DJANGO_LOG_LEVEL": "WARNING",
            "CHAOS_PAUSE_DIR": str(self.pause_dir),
            "PYTHONUNBUFFERED": "1",
        }
        self.env.pop("CELERY_BROKER_URL", None)
        self.env.pop("CELERY_RESULT_BACKEND", None)
        self.env.pop("CELERY_TASK_ALWAYS_EAGER", None)
        self.redis = Process(
            "redis",
            [
                "redis-server",
                "--port",
                str(self.redis_port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
                "--dir",
                str(self.run_dir),
            ],
            self.env,
            self.run_dir,
        )
        self.web = Process(
            "web",
            [
                str(BIN / "gunicorn"),
                "pixcertif.wsgi",
                "--bind",
                f"127.0.0.1:{self.web_port}",
                "--workers",
                "2",
                "--timeout",
                "60",
                "--graceful-timeout",
                "5",
            ],
            self.env,
            self.run_dir,
        )
        self.worker = Process(
            "worker",
            [
                str(BIN / "celery"),
                "-A",
                "chaos.worker_app",
                "worker",
                "--loglevel",
                "INFO",
                "--concurrency",
                "1",
                "--without-gossip",
                "--without-mingle",
                "--hostname",
                f"chaos{os.getpid()}@%h",
            ],
            self.env,
            self.run_dir,
        )
        self.beat = Process(
            "beat",
            [
                str(BIN / "celery"),
                "-A",
                "chaos.worker_app",
                "beat",
                "--loglevel",
                "INFO",
                "--schedule",
                str(self.var_dir / "celerybeat-schedule"),
            ],
            self.env,
            self.run_dir,
        )

    @property
    def web_url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    def redis_up(self) -> bool:
        return port_open(self.redis_port)

    def start_redis(self) -> None:
        self.redis.start()
        wait_until(self.redis_up, 20, "Redis")

    def start_web(self) -> None:
        self.web.start()

        def _ready() -> bool:
            try:
                with urllib.request.urlopen(self.web_url + "/certification/", timeout=5) as response:  # noqa: S310
                    return int(response.status) == 200
            except (OSError, urllib.error.URLError):
                return False

        wait_until(_ready, 60, "gunicorn")

    def start_worker(self, *, pause: str = "") -> None:
        """``pause``: a model label; the worker then sleeps right after saving such a row (chaos/worker_app.py)."""
        self.worker.start({"CHAOS_PAUSE_ON": pause} if pause else None)

    def manage(self, *args: str) -> None:
        subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=self.env, check=True, capture_output=True)

    def up(self) -> None:
        self.pg.create()
        self.start_redis()
        self.manage("migrate", "--noinput")

    def down(self) -> None:
        for process in (self.beat, self.worker, self.web, self.redis):
            with contextlib.suppress(Exception):
                process.kill()
        with contextlib.suppress(Exception):
            self.pg.destroy()
        if not os.environ.get("CHAOS_KEEP"):
            shutil.rmtree(self.run_dir, ignore_errors=True)

"""A small closed-loop HTTP load generator for the page measures (threads, one connection per request).

gunicorn's sync workers close the connection after each response, so each request opens its own
connection, as a browser behind a proxy without keep-alive would. The ceiling view is measured by the
same generator in the same run: every page figure is read as a ratio to it, which cancels most of what
the generator itself costs on a 2-core machine.
"""

from __future__ import annotations

import http.client
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    expect: tuple[int, ...] = (200,)


@dataclass
class LoadResult:
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float]
    error_samples: list[str]

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        return percentile(self.latencies_ms, p)


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def send(host: str, port: int, request: Request, timeout: float = 60.0) -> tuple[int, bytes, dict[str, str]]:
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        headers = {"Host": f"{host}:{port}", "Connection": "close", **request.headers}
        conn.request(request.method, request.path, body=request.body, headers=headers)
        response = conn.getresponse()
        body = response.read()
        return response.status, body, {k.lower(): v for k, v in response.getheaders()}
    finally:
        conn.close()


def run_load(
    *,
    host: str,
    port: int,
    next_request: Callable[[int], Request | None],
    concurrency: int,
    duration: float,
    warmup: float,
) -> LoadResult:
    """``concurrency`` clients send requests back to back for ``warmup`` + ``duration`` seconds; only the
    requests that start after the warm-up count. ``next_request(worker)`` returns None when that client
    has nothing left to send."""
    lock = threading.Lock()
    latencies: list[float] = []
    errors = 0
    samples: list[str] = []
    last_end = 0.0
    start = time.perf_counter()
    measure_from = start + warmup
    deadline = measure_from + duration

    def client(worker: int) -> None:
        nonlocal errors, last_end
        while True:
            now = time.perf_counter()
            if now >= deadline:
                return
            request = next_request(worker)
            if request is None:
                return
            t0 = time.perf_counter()
            try:
                status, _body, _headers = send(host, port, request)
                ok = status in request.expect
                detail = f"{request.method} {request.path} → {status}"
            except OSError as error:
                ok, detail = False, f"{request.method} {request.path} → {error!r}"
            elapsed = (time.perf_counter() - t0) * 1000
            if t0 >= measure_from:
                with lock:
                    last_end = max(last_end, time.perf_counter())
                    latencies.append(elapsed)
                    if not ok:
                        errors += 1
                        if len(samples) < 5:
                            samples.append(detail)

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # Clients that ran out of work early (answer submission) end the measure at their last response.
    seconds = min(time.perf_counter(), deadline, last_end or deadline) - measure_from
    return LoadResult(
        requests=len(latencies),
        errors=errors,
        seconds=max(seconds, 1e-9),
        latencies_ms=latencies,
        error_samples=samples,
    )

"""kombu's filesystem transport, the embedded broker of `make run`, made to let the worker stop at once.

Celery's loop for a polling transport waits in ``drain_events(timeout=2.0)`` and, once asked to stop, waits
there once more before it stops: up to 4 s on top of the rest of the shutdown, past the 5 s honcho gives
before its SIGKILL on Ctrl+C. This transport waits in short slices and gives up as soon as the worker is
stopping (warm or cold). Redis, in production, has an event loop of its own and never needed this.
"""

from __future__ import annotations

from time import monotonic
from typing import Any

from celery.worker import state
from kombu.transport import filesystem

SLICE_SECONDS = 0.25


def _worker_stopping() -> bool:
    # The exit code is stored in the flag: 0 (EX_OK) means « stop » too.
    return any(flag is not None and flag is not False for flag in (state.should_stop, state.should_terminate))


class FilesystemTransport(filesystem.Transport):
    polling_interval = SLICE_SECONDS

    # The stubs of kombu's base and virtual transports disagree on this signature; this is the virtual one.
    def drain_events(self, connection: Any, timeout: float | None = None) -> None:  # type: ignore[override]
        deadline = None if timeout is None else monotonic() + timeout
        while not _worker_stopping():
            left = SLICE_SECONDS if deadline is None else min(SLICE_SECONDS, deadline - monotonic())
            if left <= 0:
                break
            try:
                super().drain_events(connection, timeout=left)
            except TimeoutError:
                continue
            return
        raise TimeoutError()

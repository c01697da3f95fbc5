"""The embedded broker's transport gives up waiting as soon as the worker is stopping (pixcertif/lib/broker.py)."""

from __future__ import annotations

import socket
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from celery.worker import state
from kombu import Connection

from pixcertif.lib.broker import FilesystemTransport


@pytest.fixture
def connection(tmp_path: Path) -> Iterator[Connection]:
    folders = {name: tmp_path / name for name in ("queue", "processed", "control")}
    for folder in folders.values():
        folder.mkdir()
    options = {
        "data_folder_in": str(folders["queue"]),
        "data_folder_out": str(folders["queue"]),
        "processed_folder": str(folders["processed"]),
        "control_folder": str(folders["control"]),
    }
    with Connection("filesystem://", transport=FilesystemTransport, transport_options=options) as conn:
        yield conn


@pytest.fixture
def stopping(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(state, "should_stop", 0)  # EX_OK: what a warm shutdown (SIGTERM) sets


def _drain(conn: Connection, timeout: float) -> float:
    started = time.monotonic()
    with pytest.raises(socket.timeout):
        conn.drain_events(timeout=timeout)
    return time.monotonic() - started


def _consuming(conn: Connection) -> None:
    conn.SimpleQueue(f"pixcertif-test-{uuid.uuid4().hex}")._consume()  # a consumer, as the worker has: drain_events polls its queue


def test_it_waits_for_the_whole_timeout_while_the_worker_runs(connection: Connection) -> None:
    _consuming(connection)
    assert 0.9 <= _drain(connection, 1.0) < 1.5


def test_it_gives_up_at_once_when_the_worker_is_stopping(connection: Connection, stopping: None) -> None:
    _consuming(connection)
    assert _drain(connection, 2.0) < 0.3


def test_it_still_delivers_a_message(connection: Connection) -> None:
    queue = connection.SimpleQueue(f"pixcertif-test-{uuid.uuid4().hex}")  # kombu keeps bindings per process
    queue.put({"hello": "world"})
    message = queue.get(timeout=2)
    assert message.payload == {"hello": "world"}
    message.ack()
    queue.close()

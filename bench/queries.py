"""Queries and CPU per request, measured in-process: Django's test client against the bench database,
with the bench settings (same middleware, DEBUG off). Queries: one request inside CaptureQueriesContext.
CPU: ``time.process_time`` of this process (the view, the ORM, the templates; not PostgreSQL), averaged
over a few more requests for a GET — a figure that the other loads of a shared machine do not inflate."""

from __future__ import annotations

import time
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from certification.models import Answer

# One client per login for the whole run: a new Client builds a new handler, which loads the middleware
# again — WhiteNoise then re-reads its index of every static file (~300 ms with the manifest storage), a
# cost gunicorn pays once per worker, not per request.
_CLIENTS: dict[str, Client] = {}


def count_queries(
    method: str,
    path: str,
    login: dict[str, str] | None,
    *,
    headers: dict[str, str] | None = None,
    data: dict[str, Any] | None = None,
    expect: int = 200,
    repeat: int = 5,
) -> tuple[int, float]:
    """(queries, CPU milliseconds) of one request; GETs are timed over ``repeat`` more requests."""
    key = login["sessionid"] if login else ""
    client = _CLIENTS.get(key)
    if client is None:
        client = _CLIENTS[key] = Client(HTTP_HOST="127.0.0.1")
        if login:
            client.cookies["sessionid"] = login["sessionid"]
    if method == "GET":
        client.get(path, headers=headers or {})  # warm: first use of the templates in this process
    cpu = time.process_time()
    with CaptureQueriesContext(connection) as context:
        if method == "GET":
            response = client.get(path, headers=headers or {})
        else:
            response = client.post(path, data=data or {}, headers=headers or {})
    cpu = time.process_time() - cpu
    queries = len(context.captured_queries)  # now: the next request resets the connection's query log
    if response.status_code != expect:
        raise RuntimeError(f"{method} {path}: {response.status_code} (attendu {expect})")
    if method == "GET" and repeat:
        start = time.process_time()
        for _ in range(repeat):
            client.get(path, headers=headers or {})
        cpu = (time.process_time() - start) / repeat
    return queries, cpu * 1000


def answers_recorded(course_ids: list[int]) -> int:
    return Answer.objects.filter(course_id__in=course_ids).count()

"""Queries per request, counted in-process: Django's test client against the bench database, with the
bench settings (same middleware, DEBUG off), inside CaptureQueriesContext. One request per page, after
the load measure has warmed every cache the page uses."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from certification.models import Answer


def count_queries(
    method: str,
    path: str,
    login: dict[str, str] | None,
    *,
    headers: dict[str, str] | None = None,
    data: dict[str, Any] | None = None,
    expect: int = 200,
) -> int:
    client = Client(HTTP_HOST="127.0.0.1")
    if login:
        client.cookies["sessionid"] = login["sessionid"]
    with CaptureQueriesContext(connection) as context:
        if method == "GET":
            response = client.get(path, headers=headers or {})
        else:
            response = client.post(path, data=data or {}, headers=headers or {})
    if response.status_code != expect:
        raise RuntimeError(f"{method} {path}: {response.status_code} (attendu {expect})")
    return len(context.captured_queries)


def answers_recorded(course_ids: list[int]) -> int:
    return Answer.objects.filter(course_id__in=course_ids).count()

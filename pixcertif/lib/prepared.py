"""A queryset compiled once per process, run again with another value: the hot reads of exam day.

Django compiles the SQL of a queryset on every evaluation; for a query with subqueries (the skills a profile
validated, read when a candidate joins at 9:00) the compilation costs ten times the database's own work
(docs/performance.md). ``PreparedRows(build)`` calls ``build(SENTINEL)`` once, keeps the SQL and its
parameters, and ``rows(value)`` executes it with every occurrence of the sentinel replaced by ``value``.

Only for ``values_list`` querysets whose values need no conversion (integers, text): the rows come from the
cursor as they are. The queryset itself stays the reference (tests compare both).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.db import connections
from django.db.models import QuerySet

SENTINEL = -7_654_321_987  # a value no primary key takes


class PreparedRows:
    def __init__(self, build: Callable[[int], QuerySet[Any]]) -> None:
        self._build = build
        self._compiled: dict[str, tuple[str, tuple[Any, ...], tuple[int, ...]]] = {}
        self._lock = threading.Lock()

    def _sql(self, alias: str) -> tuple[str, tuple[Any, ...], tuple[int, ...]]:
        compiled = self._compiled.get(alias)
        if compiled is None:
            queryset = self._build(SENTINEL)
            sql, params = queryset.query.get_compiler(using=alias).as_sql()
            places = tuple(i for i, p in enumerate(params) if p == SENTINEL)
            if not places:
                raise ValueError("PreparedRows: the queryset does not use its value")
            compiled = (sql, tuple(params), places)
            with self._lock:
                self._compiled[alias] = compiled
        return compiled

    def rows(self, value: int, *, using: str = "default") -> list[tuple[Any, ...]]:
        sql, params, places = self._sql(using)
        bound = list(params)
        for place in places:
            bound[place] = value
        with connections[using].cursor() as cursor:
            cursor.execute(sql, bound)
            return list(cursor.fetchall())

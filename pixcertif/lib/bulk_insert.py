"""One INSERT of many rows of plain values, without a model instance per row.

``bulk_create`` builds an instance per row and prepares every field of every instance: for the 30 to 50
questions of a test written when a candidate joins at 9:00, that was a third of the join's CPU
(docs/performance.md). Here the caller gives the columns and the rows as tuples of values the database
takes as they are (integers, booleans, None); PostgreSQL receives one array per column (``UNNEST``), other
databases one ``executemany``. No signal is sent and no primary key is returned: use it only for rows nobody
reads back in the same request.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection, models

# The values this helper passes unconverted; anything else (a date, a JSON value…) belongs to bulk_create.
_PLAIN = (int, bool, str, type(None))


def insert_rows(model: type[models.Model], columns: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    if not rows:
        return
    fields = [model._meta.get_field(name) for name in columns]
    if not all(isinstance(field, models.Field) for field in fields):
        raise ValueError(f"insert_rows({model.__name__}): only concrete columns")
    for row in rows:
        if len(row) != len(fields) or not all(isinstance(value, _PLAIN) for value in row):
            raise ValueError(f"insert_rows({model.__name__}): a row is not {len(fields)} plain values: {row!r}")
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(field.column) for field in fields if isinstance(field, models.Field))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            arrays = ", ".join(
                f"%s::{field.db_type(connection)}[]" for field in fields if isinstance(field, models.Field)
            )
            # Table, column and type names come from the model's own metadata; every value is a parameter.
            sql = f"INSERT INTO {table} ({names}) SELECT * FROM UNNEST({arrays})"  # noqa: S608
            cursor.execute(sql, [list(c) for c in zip(*rows, strict=True)])
        else:
            placeholders = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({placeholders})", rows)  # type: ignore[arg-type]  # noqa: S608

"""Writing many rows of one table at once: COPY on PostgreSQL, ``bulk_create`` elsewhere.

Why: a first load writes about twenty action rows per bill. ``bulk_create``
builds a model instance and prepares every field of every row in Python,
which cost more than the database's work; COPY streams plain tuples through
psycopg's binary-accelerated writer. Only for rows nobody needs back (no
ids returned, no signals): actions and sponsorships of new bills.
"""

from __future__ import annotations

from django.db import connection, models
from psycopg.types.json import Jsonb

ROWS_PER_INSERT = 2000  # bulk_create: well under PostgreSQL's 65,535 parameters per statement


def insert_rows(model: type[models.Model], columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Insert ``rows`` (values in ``columns`` order, foreign keys as ids) into ``model``'s table."""
    if not rows:
        return
    if connection.vendor == "postgresql":
        _copy(model, columns, rows)
        return
    names = [model._meta.get_field(name).attname for name in columns]
    model.objects.bulk_create(
        [model(**dict(zip(names, row, strict=True))) for row in rows], batch_size=ROWS_PER_INSERT
    )


def _copy(model: type[models.Model], columns: tuple[str, ...], rows: list[tuple]) -> None:
    fields = [model._meta.get_field(name) for name in columns]
    quote = connection.ops.quote_name
    names = ", ".join(quote(f.column) for f in fields)
    as_json = [i for i, f in enumerate(fields) if isinstance(f, models.JSONField)]
    sql = f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            if as_json:
                row = list(row)
                for i in as_json:
                    row[i] = Jsonb(row[i])
            copy.write_row(row)

"""Writing many rows of one table at once: COPY on PostgreSQL, ``bulk_create`` elsewhere.

Why: a first load writes about twenty action rows and 40 KB of text per bill.
``bulk_create`` builds a model instance and prepares every field of every row
in Python, and on PostgreSQL (Django 5.2) sends each column as an array that
psycopg quotes in Python, texts included: that cost more than the database's
work. COPY streams plain tuples through psycopg's binary-accelerated writer.

``insert_rows`` is for rows nobody needs back (actions, sponsorships, events
of new bills); ``insert_objects`` writes unsaved model instances and gives
them their ids, taken from the table's sequence beforehand. Neither sends
signals (as ``bulk_create`` does not). A COPY bypasses the connection's
statement wrapper, so each reports itself to ``bills.generation``.
"""

from __future__ import annotations

import json
import operator

from django.db import connection, models
from psycopg.types.json import Jsonb

from . import generation

ROWS_PER_INSERT = 2000  # bulk_create: well under PostgreSQL's 65,535 parameters per statement


def insert_rows(model: type[models.Model], columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Insert ``rows`` (values in ``columns`` order, foreign keys as ids) into ``model``'s table."""
    if not rows:
        return
    if connection.vendor == "postgresql":
        _copy(model, [model._meta.get_field(name) for name in columns], rows)
        return
    names = [model._meta.get_field(name).attname for name in columns]
    model.objects.bulk_create(
        [model(**dict(zip(names, row, strict=True))) for row in rows], batch_size=ROWS_PER_INSERT
    )


def insert_objects(objects: list[models.Model], batch_size: int = ROWS_PER_INSERT) -> None:
    """Insert unsaved instances of one model and set their ids, as ``bulk_create`` does."""
    if not objects:
        return
    model = type(objects[0])
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objects, batch_size=batch_size)
        return
    for obj, pk in zip(objects, _next_ids(model, len(objects)), strict=True):
        obj.pk = pk
    fields = list(model._meta.concrete_fields)
    _copy(model, fields, _values(fields, objects))
    for obj in objects:
        obj._state.adding, obj._state.db = False, connection.alias


def _values(fields: list[models.Field], objects: list[models.Model]) -> list:
    """Each object's column values, as ``Field.pre_save(obj, add=True)`` gives them: read in
    one ``attrgetter`` call per row, except the fields that set their value on save
    (``auto_now``/``auto_now_add``): a ``pre_save`` call per field and row was a tenth of
    the writer's CPU in a first load."""
    stamped = [i for i, f in enumerate(fields) if getattr(f, "auto_now", False)
               or getattr(f, "auto_now_add", False)]  # fmt: skip
    read = operator.attrgetter(*(f.attname for f in fields))
    if len(fields) == 1:
        rows = [[read(obj)] for obj in objects]
    else:
        rows = [list(read(obj)) for obj in objects]
    for i in stamped:
        for row, obj in zip(rows, objects, strict=True):
            row[i] = fields[i].pre_save(obj, True)
    return rows


def _next_ids(model: type[models.Model], count: int) -> list[int]:
    """``count`` ids from the table's own sequence, so rows written with them never collide."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, model._meta.pk.column, count],
        )
        return [row[0] for row in cursor.fetchall()]


def _copy(model: type[models.Model], fields: list[models.Field], rows: list) -> None:
    """COPY ``rows`` into ``model``'s table: binary when the table has no JSON column.

    In binary format the server takes each value as it is (no escapes to parse in
    40 KB of text) and psycopg writes the text without escaping it: measured ~35%
    less server and ~60% less client CPU than text format for bill texts. JSON
    columns are written in text format (their values are JSON text, see ``_json``).
    """
    quote = connection.ops.quote_name
    names = ", ".join(quote(f.column) for f in fields)
    as_json = [i for i, f in enumerate(fields) if isinstance(f, models.JSONField)]
    as_text: list[int] = []
    sql = f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN"
    with connection.cursor() as cursor:
        if not as_json:  # the types first: no other statement can run once the COPY began
            oids = [_type_oid(cursor, f.db_type(connection)) for f in fields]
            as_text = [i for i, f in enumerate(fields) if f.get_internal_type() in _STRINGS]
            sql += " (FORMAT BINARY)"
        with cursor.cursor.copy(sql) as copy:
            if not as_json:
                copy.set_types(oids)
            _write(copy, rows, as_json, as_text)
    if generation.shows_data(model._meta.db_table):
        generation.written(connection)


def _write(copy, rows: list, as_json: list[int], as_text: list[int]) -> None:
    texts: dict[tuple, str] = {}
    for row in rows:
        if as_json:
            row = list(row)
            for i in as_json:
                row[i] = _json(row[i], texts)
        elif any(type(row[i]) is not str for i in as_text):
            # what the ORM stores for a non-string in a text column (CharField.to_python)
            row = [str(v) if i in as_text and v is not None else v for i, v in enumerate(row)]
        copy.write_row(row)


_STRINGS = {"CharField", "TextField", "URLField", "SlugField", "EmailField"}
_TYPE_OIDS: dict[str, int] = {}


def _type_oid(cursor, db_type: str) -> int:
    """The OID of a column type as Django declares it ("varchar(300)", "integer", ...)."""
    if db_type not in _TYPE_OIDS:
        cursor.execute("SELECT %s::regtype::oid", [db_type])
        _TYPE_OIDS[db_type] = cursor.fetchone()[0]
    return _TYPE_OIDS[db_type]


def _json(value, texts: dict[tuple, str]):
    """A JSON column's value for COPY: a list of strings (an action's classification, most
    of the JSON written) as JSON text, serialised once per distinct list; others as Jsonb."""
    if value is None:
        return None
    if type(value) is list and all(type(item) is str for item in value):
        key = tuple(value)
        if key not in texts:
            texts[key] = json.dumps(value)
        return texts[key]
    return Jsonb(value)

"""Many new rows of one model at once, for the demo seeds: `insert_in_bulk(Model,
objects)` is `bulk_create` that, on PostgreSQL, sends the rows with COPY. Building an
INSERT for a few hundred thousand rows cost more time in Django's per-value
preparation than the database spent storing them.

Only for data loaded before the portal serves it: COPY does not pass through the
database execute wrappers, so the dashboard's kept figures (dashboard/freshness.py)
and the cached roles (people/identity.py) would not notice the write. Whatever a
running portal writes goes through the ORM.

Like `bulk_create` it sends no signals and calls no `save()`; unlike it, the primary
keys are drawn from the table's sequence first, so the objects come back with their
pk set on PostgreSQL too, in the order given (the same ids an INSERT would give)."""

import datetime
import enum
import io
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models

BATCH = 5000
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
# Table and column names come from the model's metadata, never from input.
_NEXT_IDS = (
    "SELECT nextval(pg_get_serial_sequence('{table}', '{column}')) "
    "FROM generate_series(1, %s) ORDER BY 1"
)
_COPY = "COPY {table} ({columns}) FROM STDIN"


def insert_in_bulk(model, objects, *, batch_size: int = BATCH) -> list:
    """Insert new (unsaved) instances of a plain model; returns them, pk set."""
    objects = list(objects)
    if not objects:
        return objects
    if connection.vendor != "postgresql":
        return model.objects.bulk_create(objects, batch_size=batch_size)
    meta = model._meta
    if meta.parents:
        raise TypeError(f"{model.__name__}: multi-table inheritance is not supported")
    fields = meta.concrete_fields
    _give_primary_keys(meta, objects)
    stamped = [
        f
        for f in fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    relations = [f for f in fields if f.is_relation]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    attnames = [f.attname for f in fields]
    formats = [_format_of(f) for f in fields]
    for start in range(0, len(objects), batch_size):
        buffer = io.StringIO()
        for obj in objects[start : start + batch_size]:
            for field in stamped:
                field.pre_save(obj, True)
            for field in relations:
                _take_related_pk(obj, field)
            buffer.write(
                "\t".join(
                    fmt(getattr(obj, attname))
                    for fmt, attname in zip(formats, attnames, strict=True)
                )
                + "\n"
            )
        buffer.seek(0)
        with connection.cursor() as cursor:
            cursor.copy_expert(
                _COPY.format(table=meta.db_table, columns=columns),  # nosec B608
                buffer,
            )
    for obj in objects:
        obj._state.adding = False
        obj._state.db = connection.alias
    return objects


def _give_primary_keys(meta, objects) -> None:
    missing = [obj for obj in objects if obj.pk is None]
    if not missing:
        return
    sql = _NEXT_IDS.format(table=meta.db_table, column=meta.pk.column)  # nosec B608
    with connection.cursor() as cursor:
        cursor.execute(sql, [len(missing)])
        ids = [row[0] for row in cursor.fetchall()]
    for obj, pk in zip(missing, ids, strict=True):
        obj.pk = pk


def _take_related_pk(obj, field) -> None:
    """An object assigned before it was saved: its pk, as bulk_create copies it."""
    if getattr(obj, field.attname) is None:
        related = field.get_cached_value(obj, None)
        if related is not None:
            setattr(obj, field.attname, related.pk)


def _format_of(field):
    if isinstance(field, models.JSONField):
        encoder = field.encoder or DjangoJSONEncoder
        return lambda value: (
            "\\N" if value is None else _text(json.dumps(value, cls=encoder))
        )
    return _value


def _value(value) -> str:
    """One value in COPY's text format."""
    if value is None:
        return "\\N"
    if value is True or value is False:
        return "t" if value else "f"
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return _text(str(value))


def _text(text: str) -> str:
    return text.translate(_ESCAPES)

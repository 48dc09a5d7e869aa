"""Generic tools for the demo builders (each app's `demo.py`; the framework is `portal.demo`):
writing many rows fast with bounded memory, and keeping seeded history's timestamps.

`bulk_insert(model, rows)` writes model instances in batches: on PostgreSQL with `COPY … FROM
STDIN` (primary keys reserved from the table's sequence first, so the instances get their pks as
with `bulk_create`), elsewhere with `bulk_create`. It writes every concrete column as the
instance holds it — `auto_now(_add)` fields keep a given value (seeded history) and get the
current time only when empty — and runs no `save()`, signal or `pre_save`, like `bulk_create`."""

import csv
import io
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from itertools import islice

from django.db import connections, router
from django.db.models import Model
from django.utils import timezone

NULL = r"\N"


@contextmanager
def keep_given_timestamps(*fields):
    """Seed history: let bulk_create keep the given created/logged times instead of now."""
    saved = [(f, f.auto_now_add) for f in fields]
    for f, _ in saved:
        f.auto_now_add = False
    try:
        yield
    finally:
        for f, value in saved:
            f.auto_now_add = value


def batched(iterable: Iterable, size: int) -> Iterator[list]:
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


def shares(total: int, weights: list[float]) -> list[int]:
    """`total` split in proportion to `weights` as whole numbers that add up to exactly `total`
    (largest remainders get the leftover units; ties by position, so it is deterministic)."""
    whole = sum(weights)
    if not weights or whole <= 0:
        return [0] * len(weights)
    exact = [total * w / whole for w in weights]
    counts = [int(x) for x in exact]
    leftover = total - sum(counts)
    for index in sorted(range(len(exact)), key=lambda i: (counts[i] - exact[i], i))[:leftover]:
        counts[index] += 1
    return counts


def bulk_insert(model: type[Model], rows: Iterable[Model], *, batch_size: int = 20_000) -> int:
    """Insert `rows` (unsaved instances, any iterable: a generator keeps memory flat) and give
    each its pk. Returns the number of rows written."""
    connection = connections[router.db_for_write(model)]
    stamped = [f for f in model._meta.concrete_fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    count = 0
    for batch in batched(rows, batch_size):
        now = timezone.now()
        for obj in batch:
            for field in stamped:
                if getattr(obj, field.attname) is None:
                    setattr(obj, field.attname, now)
        if connection.vendor == "postgresql":
            _copy(connection, model, batch)
        else:
            with _given_timestamps(stamped):
                model.objects.bulk_create(batch, batch_size=2000)
        count += len(batch)
    return count


@contextmanager
def _given_timestamps(fields):
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def _reserve_pks(connection, model, count: int) -> range:
    table, pk = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, pk])
        sequence = cursor.fetchone()[0]
        # One statement reserves the block: nextval() of the first, setval() past the last.
        cursor.execute("SELECT setval(%s, nextval(%s) + %s - 1)", [sequence, sequence, count])
        last = cursor.fetchone()[0]
    return range(last - count + 1, last + 1)


def _text(value) -> str:
    if value is None:
        return NULL
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (int, Decimal, float, str)):
        return str(value)
    raise TypeError(f"bulk_insert cannot write {type(value).__name__} values")


def _copy(connection, model, batch: list[Model]) -> None:
    opts = model._meta
    fields = [f for f in opts.concrete_fields if not getattr(f, "generated", False)]  # the database computes those
    missing = [obj for obj in batch if obj.pk is None]
    if missing:
        for obj, pk in zip(missing, _reserve_pks(connection, model, len(missing)), strict=True):
            obj.pk = pk
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    attnames = [f.attname for f in fields]
    for obj in batch:
        writer.writerow([_text(getattr(obj, name)) for name in attnames])
        obj._state.adding = False
        obj._state.db = connection.alias
    buffer.seek(0)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor:
        cursor.copy_expert(
            f"COPY {connection.ops.quote_name(opts.db_table)} ({columns}) FROM STDIN WITH (FORMAT csv, NULL '\\N')",
            buffer,
        )

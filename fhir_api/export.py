"""Bulk export: the whole directory as NDJSON, one file per resource type
(`Practitioner.ndjson`, ...), as FHIR Bulk Data clients read it.

Streams: rows come through a server-side cursor in chunks (`iterator`), as
narrow `values()` dicts, and each line is written as soon as it is built, so
memory stays flat whatever the size of the directory.

With `jobs` above 1, one worker process per file (fhir_api/workers.py),
each with its own connection, all reading the one snapshot the parent exported
(`pg_export_snapshot()`) while its transaction stays open: the files agree
with each other as if one process had written them, and the database's work
and Python's overlap on every core.
"""

import contextlib
import gc
import itertools
import multiprocessing
import os
import queue
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from datetime import date
from pathlib import Path

import orjson
from django.db import connection, transaction
from django.db.models import JSONField, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from fhir_api import query, resources, rows, workers
from fhir_api.bundles import build

CHUNK_SIZE = 5000
# Lines are written a chunk at a time, through a buffer of this size.
WRITE_BUFFER = 1 << 20
# Row fields the export does not read: `instant` carries them as text.
TIMESTAMPS = {"updated", "last_updated"}
_cursor_numbers = itertools.count()
JSON_TEXT = "json_text_"  # a JSON field read as text is selected as this + name
# The rows of each file and the fields each resource is built from:
# PractitionerRole.ndjson holds the practice roles, then the hospital
# affiliations; Organization.ndjson the groups, then the hospitals.
EXPORTS = {
    "Practitioner": ((rows.practitioners, query.FIELDS["Practitioner"]),),
    "PractitionerRole": (
        (rows.roles, query.FIELDS["PractitionerRole"]),
        (rows.affiliations, rows.AFFILIATION_FIELDS),
    ),
    "Location": ((rows.locations, query.FIELDS["Location"]),),
    "HealthcareService": ((rows.services, query.FIELDS["HealthcareService"]),),
    "Organization": (
        (rows.groups, query.FIELDS["Organization"]),
        (rows.hospitals, query.FIELDS["Organization"]),
    ),
}
# The costliest file first (measured: a role costs twice a practitioner or a
# location), so that with fewer workers than files the longest starts first.
BY_COST = [
    "PractitionerRole",
    "Practitioner",
    "Location",
    "Organization",
    "HealthcareService",
]

# `progress(resource_type, total)` is called as each file starts and answers a
# function to call with the number of resources written since its last call.
Progress = Callable[[str, int], Callable[[int], None]]


def default_jobs() -> int:
    """The CPUs this process may run on, at least 1."""
    return max(1, len(os.sched_getaffinity(0)))


def export_directory(
    directory: Path,
    *,
    validate: bool = False,
    progress: Progress | None = None,
    chunk_size: int = CHUNK_SIZE,
    jobs: int = 1,
    on_snapshot: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Writes one NDJSON file per resource type into `directory` (created if
    need be) and answers how many resources each holds.

    `validate` checks every resource against its fhir.resources model (about
    0.2 ms each, 1 ms with a narrative: ten times the export itself); the
    builders are the API's, and the tests validate what they build.
    `jobs` above 1 writes the files in that many worker processes (at most one
    per file); they cannot see a caller's transaction, so that needs its own.
    `on_snapshot(snapshot_id)` is called in a parallel export once the
    snapshot is taken, before any worker reads a row (tests write beside it).
    """
    directory.mkdir(parents=True, exist_ok=True)
    options = {"validate": validate, "chunk_size": chunk_size}
    options["today"] = timezone.localdate()
    if jobs > 1:
        if connection.in_atomic_block:
            raise RuntimeError(
                "A parallel export reads its own snapshot: worker processes "
                "cannot see this transaction. Use jobs=1 inside one."
            )
        return _in_workers(directory, options, progress, jobs, on_snapshot)
    # One read-only snapshot for every file, so that they agree with each other;
    # inside a transaction the cursors stream (outside one, Django declares
    # them WITH HOLD, and PostgreSQL computes every row before sending the first).
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost:  # a caller's transaction (a test's) keeps its own level
            with connection.cursor() as cursor:
                cursor.execute(
                    "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY"
                )
        return {
            resource_type: write_file(
                resource_type, directory, progress=progress, **options
            )
            for resource_type in EXPORTS
        }


def _in_workers(directory, options, progress, jobs, on_snapshot) -> dict[str, int]:
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            (snapshot,) = cursor.fetchone()
        if on_snapshot is not None:
            on_snapshot(snapshot)
        # spawn, not fork: a forked child would share this process's open
        # connection (and tqdm's thread); a spawned one starts clean.
        context = multiprocessing.get_context("spawn")
        updates = context.Queue() if progress is not None else None
        with ProcessPoolExecutor(
            min(jobs, len(EXPORTS)),
            mp_context=context,
            initializer=workers.start,
            initargs=(dict(connection.settings_dict), updates),
        ) as pool:
            futures = {
                resource_type: pool.submit(
                    workers.write_file, resource_type, directory, snapshot, options
                )
                for resource_type in BY_COST
            }
            if updates is not None:
                _relay(updates, futures.values(), progress)
            counts = {t: futures[t].result() for t in EXPORTS}
    return counts


def _relay(updates, futures, progress: Progress) -> None:
    """Passes the workers' progress on to `progress` until every file is done."""
    advances = {}

    def receive(message):
        kind, resource_type, n = message
        if kind == "start":
            advances[resource_type] = progress(resource_type, n)
        else:
            advances[resource_type](n)

    while not all(future.done() for future in futures):
        with contextlib.suppress(queue.Empty):
            receive(updates.get(timeout=0.2))
    while True:  # what was still on its way when the last file ended
        try:
            receive(updates.get(timeout=0.2))
        except queue.Empty:
            return


def write_file(
    resource_type: str,
    directory: Path,
    *,
    validate: bool,
    chunk_size: int,
    today: date,
    progress: Progress | None = None,
) -> int:
    """Writes `<resource_type>.ndjson` from the current transaction's snapshot
    and answers how many resources it holds. The file appears under its name
    only once complete (written as `.part`, then renamed)."""
    catalog = rows.catalog()
    parts = [(make(), fields) for make, fields in EXPORTS[resource_type]]
    total = sum(queryset.count() for queryset, _ in parts) if progress else 0
    advance = progress(resource_type, total) if progress else None
    path = directory / f"{resource_type}.ndjson"
    partial = path.with_name(f"{path.name}.part")
    count = 0
    with _no_full_collections(), open(partial, "wb", buffering=WRITE_BUFFER) as out:
        for queryset, fields in parts:
            for batch in row_batches(queryset, fields, chunk_size):
                if validate:
                    made = (
                        build(resource_type, row, catalog=catalog, today=today)
                        for row in batch
                    )
                else:
                    made = (
                        resources.build(resource_type, row, catalog, today)
                        for row in batch
                    )
                out.writelines(map(_line, made))
                count += len(batch)
                if advance is not None:
                    advance(len(batch))
    os.replace(partial, path)
    return count


@contextlib.contextmanager
def _no_full_collections():
    """Keeps the objects alive before the export (Django's, the catalog's)
    out of the garbage collector's full collections while it runs. Millions of
    rows and resources pass through the young generations, and every full
    collection walked the whole heap again: a quarter of the exporting
    process's CPU time (measured at 100,000 specialists)."""
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _line(resource: dict) -> bytes:
    return orjson.dumps(resource, option=orjson.OPT_APPEND_NEWLINE)


def row_batches(queryset: QuerySet, fields: list[str], size: int) -> Iterator[list]:
    """`queryset`'s rows in primary key order, `size` at a time, as the dicts
    `values(*fields)` gives, with `instant` (the builders' `meta.lastUpdated`).

    Read through psycopg's binary protocol from a server-side cursor, not
    through `values().iterator()`: at national size that turned each row into
    Python in half the time or less (text timestamps parsed one by one, and
    Django's per-row converters, were most of it). The timestamps themselves
    are left out: the resources carry `instant`, formatted by PostgreSQL. JSON
    comes as text, parsed here by orjson (psycopg's jsonb loader costs more
    than the rest of a Practitioner's row). The next chunk is fetched in a
    thread while this one is built, so that PostgreSQL's work and Python's
    overlap instead of taking turns.
    """
    wanted = [f for f in fields if f not in TIMESTAMPS]
    json = [f for f in wanted if isinstance(_output_field(queryset, f), JSONField)]
    as_text = {f"{JSON_TEXT}{f}": Cast(f, TextField()) for f in json}
    query = (
        rows.with_instant(queryset.annotate(**as_text))
        .order_by("pk")
        .values(*[f"{JSON_TEXT}{f}" if f in json else f for f in wanted], "instant")
    )
    sql, params = query.query.get_compiler(using=query.db).as_sql()
    with connection.connection.cursor(
        name=f"export_{next(_cursor_numbers)}", binary=True
    ) as cursor:
        cursor.execute(sql, params)
        names = [column.name.removeprefix(JSON_TEXT) for column in cursor.description]
        with ThreadPoolExecutor(1) as fetcher:
            pending = fetcher.submit(cursor.fetchmany, size)
            while batch := pending.result():
                pending = fetcher.submit(cursor.fetchmany, size)
                made = [dict(zip(names, row, strict=True)) for row in batch]
                for name in json:
                    for row in made:
                        if row[name] is not None:
                            row[name] = orjson.loads(row[name])
                yield made


def _output_field(queryset: QuerySet, name: str):
    if name in queryset.query.annotations:
        return queryset.query.annotations[name].output_field
    return queryset.model._meta.get_field(name)

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
import multiprocessing
import os
import queue
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path

import orjson
from django.db import connection, transaction
from django.utils import timezone

from fhir_api import query, resources, rows, workers
from fhir_api.bundles import build

CHUNK_SIZE = 5000
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
    every_row = (
        row
        for queryset, fields in parts
        for row in rows.with_instant(queryset)
        .order_by("pk")
        .values(*fields, "instant")
        .iterator(chunk_size)
    )
    with open(partial, "wb") as out:
        for row in every_row:
            if validate:
                resource = build(resource_type, row, catalog=catalog, today=today)
            else:
                resource = resources.build(resource_type, row, catalog, today)
            out.write(orjson.dumps(resource, option=orjson.OPT_APPEND_NEWLINE))
            count += 1
            if advance is not None and count % chunk_size == 0:
                advance(chunk_size)
    if advance is not None and count % chunk_size:
        advance(count % chunk_size)
    os.replace(partial, path)
    return count

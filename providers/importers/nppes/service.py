"""Import NPPES NPI data dissemination files: the monthly zip or its CSVs, and
weekly updates. Individuals only; see docs/data-and-imports.md.

Per file: COPY into a staging table (copying.py), check and type every row in
one statement, keep the newest row of each NPI, compare with the source records
(an unchanged row hash means no write), then apply in one transaction. An
interrupted run leaves the directory as it was before that file; run it again.
"""

import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TextIO

from django.db import connection, transaction
from django.utils import timezone

from geo.zip_table import ensure_zip_centroids
from providers.importers import tables
from providers.importers.columnar import load_columns
from providers.importers.common import import_lock, open_rejects
from providers.importers.copying import (
    ImportFileError,
    column_map,
    expand,
    read_header,
    require,
)
from providers.importers.headers import key as column_key
from providers.importers.layouts import NPPES_ALIASES, PL_COLUMNS
from providers.importers.nppes import first_load, prefilter
from providers.importers.nppes import statements as sql
from providers.importers.nppes.files import file_date, newest_file, newest_full_file
from providers.importers.nppes.secondary import import_secondary
from providers.importers.rejects import RejectsWriter
from providers.models import ImportRun, ListingStatus, Source, Specialty
from providers.search.deferred import deferred_refresh

SUMMARY_KEYS = [
    "read", "created", "updated", "unchanged", "suspended", "reactivated",
    "skipped", "rejected", "conflicts", "seconds",
]  # fmt: skip
# What `skipped` is made of, reported beside it.
SKIPPED_KEYS = [
    "organizations", "out_of_scope", "repeated", "older", "deactivated_unknown",
]  # fmt: skip


@dataclass(frozen=True)
class Run:
    """How one `import_nppes` call treats each of its files."""

    status: str  # given to new and reactivated listings
    everyone: bool  # every individual, not only those the directory's codes list
    reject_file: TextIO | None  # rejected rows, as CSV
    progress: bool  # progress bars
    log: Callable[[str], None] | None  # a line a step
    verbose: bool  # and the time of each statement
    search_index_later: bool  # a first load leaves the search index empty


@dataclass
class Summary:
    counts: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(SUMMARY_KEYS[:-1] + SKIPPED_KEYS, 0)
    )
    seconds: float = 0.0
    files: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {**self.counts, "seconds": round(self.seconds, 2), "files": self.files}


def import_nppes(
    paths: list[Path],
    *,
    status: str = ListingStatus.PUBLISHED,
    everyone: bool = False,
    rejects: Path | None = None,
    progress: bool = False,
    log=None,
    verbose: bool = False,
    search_index_later: bool = False,
) -> Summary:
    """Import NPPES files (zips or CSVs, main and pl_pfile) in order: main
    files first, then secondary locations. Returns the summed counts.

    `status` is given to new listings (published or pending) and to listings
    whose NPI is reactivated. `everyone` keeps every valid individual, not
    only those with a taxonomy code the directory lists. Rejected rows go to
    `rejects` (CSV: file, line, npi, reason). `search_index_later`: a first
    load into an empty directory leaves the search index empty (searches find
    no one) for one `rebuild_search_index` after further loads; no effect on
    a directory in use.
    """
    if status not in (ListingStatus.PUBLISHED, ListingStatus.PENDING_REVIEW):
        raise ImportFileError("New listings are either published or pending.")
    started = time.perf_counter()
    summary = Summary()
    files = expand(paths)
    mains, secondaries = [], []
    for source in files:
        header = read_header(source)
        keys = [column_key(name) for name in header]
        if column_key("Entity Type Code") in keys:
            mains.append((source, header))
        elif keys[:2] == [column_key(name) for name in PL_COLUMNS[:2]]:
            secondaries.append((source, header))
        elif log:
            log(f"{source.name}: not an NPPES main or practice-location file; left out")
    if not mains and not secondaries:
        raise ImportFileError("No NPPES file among those given.")
    mains.sort(key=lambda item: (file_date(item[0].name) or date.min, item[0].name))
    ensure_zip_centroids()
    with ExitStack() as stack:
        reject_file = None
        if rejects:
            reject_file = stack.enter_context(open_rejects(rejects))
            RejectsWriter(reject_file).writerow(["file", "line", "npi", "reason"])
        stack.enter_context(import_lock(log))
        cursor = stack.enter_context(connection.cursor())
        try:
            run = Run(
                status,
                everyone,
                reject_file,
                progress,
                log,
                verbose,
                search_index_later,
            )
            analyzed = False
            for source, header in mains:
                analyzed = _import_main(source, header, summary, run)
            for source, header in secondaries:
                before = _secondary_writes(summary)
                import_secondary(
                    source, header, summary, run, newest_full=newest_full_file()
                )
                analyzed = analyzed and before == _secondary_writes(summary)
        finally:
            for table in (sql.RAW, sql.ROWS, sql.PLAN, sql.WITHHELD):
                cursor.execute(f"DROP TABLE IF EXISTS {table}")
    written = ("created", "updated", "suspended", "reactivated", "secondary_created")
    # After a first load, restore() analyzed the listing tables: again would
    # take seconds a million rows for the same statistics.
    if not analyzed and any(summary.counts.get(key) for key in written):
        _analyze()
    summary.seconds = time.perf_counter() - started
    return summary


def _secondary_writes(summary: Summary) -> int:
    counts = summary.counts
    return counts.get("secondary_created", 0) + counts.get("secondary_removed", 0)


def _import_main(source: Path, header: list[str], summary: Summary, run: Run) -> bool:
    """Import one main file. Returns whether it was a first load (the listing
    tables analyzed since its last write)."""
    columns = column_map(header, NPPES_ALIASES)
    require(columns, sql.required_columns(), source)
    step = _Steps(run.log, run.verbose)
    everyone = run.everyone
    scope = list(Specialty.objects.values_list("code", flat=True))
    this = file_date(source.name)
    newest = newest_file()
    # A row unchanged since a file at least as new as this one is held back;
    # in an older file, PostgreSQL says which rows are older news.
    kept = None if this and newest and this < newest else prefilter.kept_hashes()
    rows = prefilter.Rows(columns, None if everyone else scope, kept)
    malformed = []
    read, sent = load_columns(
        source,
        sql.RAW,
        len(header),
        rows.hashed,
        prepare=rows,
        extra=(prefilter.HASH,),
        progress=run.progress,
        malformed=malformed,
        # Planned by its row count alone (check_rows joins it on an
        # expression): the statistics of 90 columns took a second a 200,000.
        analyze=("line",),
    )
    step.done(
        f"{source.name}: {read:,} rows read, {sent:,} sent to the database, "
        f"{rows.withheld:,} unchanged held back"
    )
    repeated_npis, repeated_lines = rows.repeated_withheld()
    withheld = {
        "unchanged": rows.withheld_npi_count(exclude=repeated_npis),
        "rows": rows.withheld - len(repeated_lines),
    }
    params = {
        "scope": scope,
        "status": run.status,
        "file_name": source.name[:255],
        "file_date": this,
        "newest_full": newest_full_file(),
    }
    with connection.cursor() as cursor:
        for table in (sql.ROWS, sql.PLAN):
            cursor.execute(f"DROP TABLE IF EXISTS {table}")
        cursor.execute(sql.check_rows(columns, everyone=everyone), params)
        # Each working table is analyzed once made, so that joins to it are
        # planned for its size (copy_into_staging says why).
        cursor.execute(f"ANALYZE {sql.ROWS_STATS}")
        cursor.execute(sql.KINDS)
        kinds = dict(cursor.fetchall())
        kinds["organization"] = rows.organizations
        kinds["out_of_scope"] = (
            read
            - rows.withheld
            - sum(count for kind, count in kinds.items() if kind != "out_of_scope")
        )
        cursor.execute(f"DROP TABLE {sql.RAW}")
        step.done("rows checked")
        cursor.execute(sql.PLAN_SQL, params)
        cursor.execute(f"ANALYZE {sql.PLAN_STATS}")
        beaten = 0
        if repeated_lines:
            cursor.execute(f"DROP TABLE IF EXISTS {sql.WITHHELD}")
            cursor.execute(
                f"CREATE UNLOGGED TABLE {sql.WITHHELD} (npi text, line bigint)"
            )
            with cursor.copy(f"COPY {sql.WITHHELD} (npi, line) FROM STDIN") as copy:
                for npi, line in zip(repeated_npis, repeated_lines, strict=True):
                    copy.write_row((npi, line))
            cursor.execute(sql.BEATEN)
            cursor.execute(sql.HELD_UNCHANGED)
            (beaten,) = cursor.fetchone()
        cursor.execute(sql.COUNTS)
        actions = dict(cursor.fetchall())
        # Corrections matter only to listings the file changes (none in a
        # first load): each statement scans the whole plan.
        changed = any(actions.get(action) for action in CHANGED)
        if changed:
            for statement in sql.CORRECTED:
                cursor.execute(statement)
            cursor.execute(sql.CONFLICTS)
        step.done("compared with the directory")
        with transaction.atomic(), ExitStack() as deferral:
            # Kept up row by row, the indexes and the search index cost most
            # of a national first load; for an empty directory they are built
            # once at the end instead (first_load.py). In a directory in use,
            # each listing written is refreshed in the search index once, at
            # the end, not by every statement that writes it (deferred.py).
            deferred = first_load.defer() if first_load.directory_is_empty() else None
            if deferred is None:
                deferral.enter_context(deferred_refresh())
            record = ImportRun.objects.create(
                source=Source.NPPES, file_name=source.name
            )
            if changed:
                cursor.execute(sql.ALLOCATE_IDS)
                cursor.execute(f"ANALYZE {sql.PLAN_STATS}")  # its new location ids
            for name, needs in APPLY.items():
                if not any(actions.get(action) for action in needs):
                    continue  # each scans the whole plan: millions on a first load
                if name == "UPSERT_RECORDS" and deferred:
                    name = "INSERT_RECORDS"  # an empty directory: no conflict
                statement = getattr(sql, name)
                for text in statement if isinstance(statement, list) else [statement]:
                    cursor.execute(text, params)
                step.detail(name)
            conflicts = 0
            if changed:
                cursor.execute(
                    f"SELECT count(*) FROM {sql.PLAN} WHERE conflicts <> '{{}}'"
                )
                (conflicts,) = cursor.fetchone()
            if deferred:
                step.done("applied")
                first_load.restore(
                    deferred, step, search_index=not run.search_index_later
                )
            # Rows held back: one unchanged an NPI (where no row sent
            # outweighed it, `beaten`), the rest repeats.
            held = {
                "unchanged": withheld["unchanged"] + beaten,
                "repeated": withheld["rows"] - withheld["unchanged"]
                + len(repeated_lines) - beaten,
            }  # fmt: skip
            counts = _counts(read + len(malformed), kinds, actions, conflicts, held)
            record.summary = counts
            record.finished = timezone.now()
            record.save(update_fields=["summary", "finished"])
        step.done("committed")
        if run.reject_file and kinds.get("reject"):
            _write_rejects(cursor, source.name, run.reject_file)
    counts["rejected"] += len(malformed)
    if run.reject_file:
        RejectsWriter(run.reject_file).writerows(
            (source.name, line, "", reason) for line, reason in malformed
        )
    for key, value in counts.items():
        summary.counts[key] += value
    summary.files.append(source.name)
    return deferred is not None


# Each statement in order, with the actions whose rows it writes.
CHANGED = ("update", "reactivate")
APPLY = {
    "CREATE_SPECIALISTS": ("create",),
    "UPDATE_SPECIALISTS": CHANGED,
    "SUSPEND": ("suspend",),
    "UPSERT_RECORDS": ("create", *CHANGED, "suspend"),
    "CREATE_LOCATIONS": ("create", *CHANGED),
    "CREATE_PRACTICES": ("create", *CHANGED),
    "CREATE_SOURCE_LOCATIONS": ("create", *CHANGED),
    "UPDATE_LOCATIONS": CHANGED,
    "UNLINK_SPECIALTIES": CHANGED,
    "LINK_SPECIALTIES": ("create", *CHANGED),
    "HISTORY": (*CHANGED, "suspend"),
    "REPORT_CONFLICTS": CHANGED,
    "REFRESH_HASHES": ("unchanged",),
}


def _counts(
    read: int, kinds: dict, actions: dict, conflicts: int, held: dict
) -> dict[str, int]:
    valid = kinds.get("row", 0) + kinds.get("deactivate", 0)
    counts = {
        "read": read,
        "created": actions.get("create", 0),
        "updated": actions.get("update", 0),
        "unchanged": actions.get("unchanged", 0) + held["unchanged"],
        "suspended": actions.get("suspend", 0),
        "reactivated": actions.get("reactivate", 0),
        "rejected": kinds.get("reject", 0),
        "conflicts": conflicts,
        "organizations": kinds.get("organization", 0),
        "out_of_scope": kinds.get("out_of_scope", 0),
        "repeated": valid - sum(actions.values()) + held["repeated"],
        "older": actions.get("older", 0),
        "deactivated_unknown": actions.get("deactivated_unknown", 0),
    }
    counts["skipped"] = sum(counts[key] for key in SKIPPED_KEYS)
    return counts


def _write_rejects(cursor, file_name: str, reject_file) -> None:
    writer = RejectsWriter(reject_file)
    cursor.execute(sql.REJECTS)
    while batch := cursor.fetchmany(10_000):
        writer.writerows((file_name, *row) for row in batch)


def _analyze() -> None:
    """Fresh planner statistics, so the search is fast right after an import."""
    with connection.cursor() as cursor:
        for table in (
            tables.SPECIALIST,
            tables.LOCATION,
            tables.PRACTICE,
            tables.SPECIALIST_SPECIALTIES,
            tables.SOURCE_RECORD,
            tables.SOURCE_LOCATION,
        ):
            cursor.execute(f"ANALYZE {table}")


class _Steps:
    """Says how long each step took, when there is someone to tell."""

    def __init__(self, log, verbose=False):
        self.log = log
        self.verbose = verbose and log
        self.start = self.mark = time.perf_counter()

    def detail(self, what: str) -> None:
        """Time of one statement, for whoever profiles (--verbosity 2)."""
        if self.verbose:
            now = time.perf_counter()
            self.log(f"  {what.lower()} ({now - self.mark:.2f} s)")
            self.mark = now

    def done(self, what: str) -> None:
        now = time.perf_counter()
        if self.log:
            self.log(f"{what} ({now - self.start:.1f} s)")
        self.start = self.mark = now

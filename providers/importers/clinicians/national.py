"""Import the Doctors and Clinicians National Downloadable File: each listed
clinician's practice locations, groups, Medicare assignment and education.

Hash each clinician's lines as the file is read and compare with the hashes
kept; COPY the lines of the others (all of them, the first time) into
staging, check and type every line in one statement, keep one line per
clinician, address and group, then apply in one transaction (the search
index refreshed once, at its end): groups, locations (a clinician's own practice at the
same address, else one shared location per CMS address), practices, the lines
themselves, the enrollment record, telehealth and specialties (through the
Medicare taxonomy crosswalk). Lines of NPIs the directory does not list, or
that NPPES deactivated, are skipped and counted. An interrupted run leaves
the directory as it was.
"""

import csv
import re
import time
from datetime import date
from pathlib import Path

from django.db import connection
from django.utils import timezone

from providers.importers import tables
from providers.importers.clinicians import national_sql as sql
from providers.importers.clinicians.hashing import (
    ClinicianLines,
    hash_clinicians,
    hash_rows,
)
from providers.importers.clinicians.months import last_month, refuse_older
from providers.importers.common import (
    Steps,
    Summary,
    check_file,
    file_month,
    import_lock,
    rejects_writer,
)
from providers.importers.copying import ImportFileError, copy_into_staging
from providers.importers.headers import choose
from providers.importers.layouts import DAC_ALIASES
from providers.models import ImportRun, Source
from providers.search.deferred import deferred_refresh

CROSSWALK_FILE = Path(__file__).with_name("medicare_taxonomy_crosswalk.csv")
# Names the national file writes differently from the crosswalk's, each seen
# in national-file lines that others published (docs/clinicians.md).
CROSSWALK_ALIASES = {
    "CLINICAL PSYCHOLOGIST": "PSYCHOLOGIST, CLINICAL",
    "CLINICAL SOCIAL WORKER": "LICENSED CLINICAL SOCIAL WORKER",
    "OBSTETRICS/GYNECOLOGY": "OBSTETRICS & GYNECOLOGY",
}
# How many unmapped specialty names the log lists.
UNMAPPED_SHOWN = 10
# A file with fewer lines than this share of the last one imported is taken
# for a cut-short download, not a month in which half the clinicians left.
SHRINK_LIMIT = 0.5
SKIPPED_KEYS = ["unknown", "deactivated", "repeated"]
# Counts of rows written: with none (and nothing else written), the tables'
# statistics are as they were and are not gathered again.
WRITES = [
    "groups_written", "locations_created", "practices_added",
    "practices_unconfirmed", "practices_removed",
]  # fmt: skip


def crosswalk() -> dict[str, str]:
    """Medicare specialty name as the national file writes it (ORTHOPEDIC
    SURGERY) -> the NUCC code of its general taxonomy (the first listed).
    Specialties CMS links to no taxonomy code are left out."""
    names = {}
    with open(CROSSWALK_FILE, newline="", encoding="utf-8") as f:
        lines = (line for line in f if not line.startswith("#"))
        for row in csv.DictReader(lines):
            code = row["PROVIDER TAXONOMY CODE"].strip()
            description = row["MEDICARE PROVIDER/SUPPLIER TYPE DESCRIPTION"]
            name = description.removeprefix("Physician/").strip().upper()
            if code:
                names.setdefault(name, code)
                # "Allergy/ Immunology" as the crosswalk writes it, and without
                # the space.
                names.setdefault(re.sub(r"\s*/\s*", "/", name), code)
    for alias, name in CROSSWALK_ALIASES.items():
        if name in names:
            names.setdefault(alias, names[name])
    return names


def last_read(source: str) -> int | None:
    run = (
        ImportRun.objects.filter(source=source, finished__isnull=False)
        .order_by("-finished")
        .first()
    )
    return run.summary.get("read") if run else None


def import_clinicians(
    path: Path,
    *,
    month: date | None = None,
    rejects: Path | None = None,
    allow_shrink: bool = False,
    progress: bool = False,
    log=None,
) -> Summary:
    """Import one national file. `month` is the file's month (default: its
    modification time); an older month than the last imported stops at once,
    and so does a file under half the last one's size (unless
    `allow_shrink`). Rejected lines go to `rejects` (file, line, npi, reason)."""
    started = time.perf_counter()
    check_file(path)
    month = month or file_month(path)
    source, header, columns = choose(
        path, list(sql.FIELDS.values()), DAC_ALIASES, "national file"
    )
    summary = Summary(file=source.name, month=month)
    summary.counts.update(dict.fromkeys(SKIPPED_KEYS, 0))
    step = Steps(log)
    with rejects_writer(rejects) as writer, import_lock(log):
        refuse_older(Source.CLINICIANS, month, "national file")
        try:
            wrote = _import(source, header, columns, month, summary, writer,
                allow_shrink, progress, step)  # fmt: skip
        finally:
            with connection.cursor() as cursor:
                for table in sql.STAGING:
                    cursor.execute(f"DROP TABLE IF EXISTS {table}")
    if wrote:
        _analyze()
    summary.seconds = time.perf_counter() - started
    return summary


def _import(source, header, columns, month, summary, writer, allow_shrink,
            progress, step):  # fmt: skip
    counts = summary.counts
    with connection.cursor() as cursor:
        # A run killed outright (not Ctrl-C) leaves its working tables behind.
        for table in sql.STAGING:
            cursor.execute(f"DROP TABLE IF EXISTS {table}")
    send = _unchanged_left_out(source, header, columns, progress, step)
    malformed = []  # lines COPY could not read: rejected with their line
    read = copy_into_staging(
        source,
        sql.RAW,
        len(header),
        progress=progress,
        only=send,
        malformed=malformed,
        analyze=("line",),
    )
    counts["read"] = read
    step.done(f"{source.name}: {read:,} lines read")
    before = last_read(Source.CLINICIANS)
    if before and read < before * SHRINK_LIMIT and not allow_shrink:
        raise ImportFileError(
            f"{source.name} has {read:,} lines, under half the {before:,} of the "
            "file imported last: is it cut short? Nothing was imported. If it "
            "is right, run again with --allow-shrink."
        )
    previous = last_month(Source.CLINICIANS)
    params = {
        "file_name": source.name[:255],
        "month": month,
        "new_month": previous != month,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql.check_rows(columns))
        cursor.execute(f"DROP TABLE {sql.RAW}")
        # Each working table is analyzed (its size and the columns it is
        # joined by) once made, so that joins to it are planned for its size.
        cursor.execute(f"ANALYZE {sql.ROWS} (specialist_id, kind)")
        cursor.execute(sql.KINDS)
        kinds = dict(cursor.fetchall())
        step.done("lines checked")
        cursor.execute(sql.PEOPLE_SQL)
        cursor.execute(
            f"ANALYZE {sql.PEOPLE} (specialist_id, action, corrected_locations)"
        )
        cursor.execute(sql.COUNTS)
        people = {row[0]: row[1:] for row in cursor.fetchall()}
        actions = {action: n for action, (n, _, _) in people.items()}
        distinct_lines = sum(lines for _, lines, _ in people.values())
        file_lines = sum(lines for _, _, lines in people.values())
        step.done(
            f"compared with the directory: {actions.get('unchanged', 0):,} "
            "clinicians unchanged"
        )
        for statement in sql.CROSSWALK_TABLE:
            cursor.execute(statement)
        with cursor.copy(f"COPY {sql.CROSSWALK} (name, code) FROM STDIN") as copy:
            for name, code in crosswalk().items():
                copy.write_row((name, code))
        _count_unmapped(cursor, counts, step)
        # One transaction; the search index is refreshed once at its end,
        # for every listing written (not once per statement that wrote it).
        with deferred_refresh():
            run = ImportRun.objects.create(
                source=Source.CLINICIANS, file_name=source.name
            )
            for statement in sql.ENROLLMENTS:
                cursor.execute(statement, params)
            cursor.execute(sql.TELEHEALTH)
            cursor.execute(sql.LINK_SPECIALTIES)
            step.done("enrollments, telehealth and specialties written")
            cursor.execute(sql.GROUPS, params)
            counts["groups_written"] = cursor.rowcount
            cursor.execute(sql.LINES_SQL)
            cursor.execute(f"ANALYZE {sql.LINES} (specialist_id, address_id)")
            cursor.execute(sql.ADDRESSES_SQL)
            cursor.execute(f"ANALYZE {sql.ADDRESSES} (specialist_id, address_id)")
            for statement in sql.NEW:
                cursor.execute(statement)
                if statement.lstrip().startswith(f"INSERT INTO {tables.LOCATION}"):
                    counts["locations_created"] = cursor.rowcount
            for statement in sql.MOVED:
                cursor.execute(statement)
            step.done("groups and locations written")
            cursor.execute(sql.PRACTICES, params)
            written = [created for (created,) in cursor.fetchall()]
            counts["practices_added"] = sum(written)
            cursor.execute(sql.CORRECTED_PRACTICES, params)
            gone = 0
            for statement in sql.LINES_GONE:
                cursor.execute(statement)
                gone += cursor.rowcount
            cursor.execute(sql.FORGET)
            cursor.execute(sql.LINES_WRITE, params)
            if params["new_month"]:
                for statement in sql.TOUCH:
                    cursor.execute(statement, params)
            cursor.execute(sql.UNCONFIRM)
            counts["practices_unconfirmed"] = cursor.rowcount
            cursor.execute(sql.REMOVE)
            counts["practices_removed"] = cursor.rowcount
            step.done("practices and lines written")
            counts["conflicts"] = _report_conflicts(cursor, source.name, month)
            step.done("conflicts reported")
            counts.update(
                created=actions.get("create", 0),
                updated=actions.get("update", 0),
                unchanged=actions.get("unchanged", 0),
                rejected=kinds.get("reject", 0) + len(malformed),
                unknown=kinds.get("unknown", 0),
                deactivated=kinds.get("deactivated", 0),
                repeated=file_lines - distinct_lines,
            )
            counts["skipped"] = sum(counts[key] for key in SKIPPED_KEYS)
            run.summary = summary.as_dict()
            run.finished = timezone.now()
            run.save(update_fields=["summary", "finished"])
        step.done("search index refreshed, committed")
        wrote = (
            params["new_month"]
            or gone
            or any(counts.get(key) for key in WRITES)
            or actions.keys() - {"unchanged"}
        )
        if writer is not None and kinds.get("reject"):
            cursor.execute(sql.REJECTS)
            while batch := cursor.fetchmany(10_000):
                writer.writerows((source.name, *row) for row in batch)
        if writer is not None:
            writer.writerows(
                (source.name, line, "", reason) for line, reason in malformed
            )
    return bool(wrote)


def _count_unmapped(cursor, counts: dict, step: Steps) -> None:
    """Count the clinicians with a specialty the crosswalk does not map (kept
    as text), and say which names, most frequent first."""
    for statement in sql.UNMAPPED:
        cursor.execute(statement)
    cursor.execute(sql.UNMAPPED_COUNTS)
    names = cursor.fetchall()
    cursor.execute(sql.UNMAPPED_CLINICIANS)
    (counts["unmapped_specialties"],) = cursor.fetchone()
    cursor.execute("DROP TABLE import_dac_unmapped")
    if names:
        shown = ", ".join(f"{name} ({n:,})" for name, n in names[:UNMAPPED_SHOWN])
        more = len(names) - UNMAPPED_SHOWN
        step.done(
            f"specialties the crosswalk does not map, kept as text: {shown}"
            + (f" and {more:,} more" if more > 0 else "")
        )


def _unchanged_left_out(
    source, header, columns, progress, step
) -> ClinicianLines | None:
    """Hash each clinician's lines as the file is read and compare with the
    hashes kept: the filter that sends only the lines of the others (None:
    send every line). The hashes go to staging (`HASHES`, `SAME`) for the
    statements that follow."""
    # Found by name like every column (staging "c12" is the file's 12th).
    npi_column = int(columns[sql.FIELDS["npi"]][1:]) - 1
    found, dirty = hash_clinicians(
        source, npi_column=npi_column, width=len(header), progress=progress
    )
    with connection.cursor() as cursor:
        for statement in sql.HASHES_TABLE:
            cursor.execute(statement)
        into = f"COPY {sql.HASHES} (npi, row_hash, lines) FROM STDIN"
        with cursor.copy(into) as copy:
            for batch in hash_rows(found, dirty):
                copy.write(batch)
        del found, dirty
        cursor.execute(f"ANALYZE {sql.HASHES}")
        cursor.execute(f"DROP TABLE IF EXISTS {sql.SAME}")
        cursor.execute(sql.SAME_SQL)
        cursor.execute(f"ANALYZE {sql.SAME}")
        cursor.execute(f"SELECT count(*) FROM {sql.SAME}")
        (same,) = cursor.fetchone()
        if not same:
            step.done("lines hashed: no clinician as before")
            return None
        cursor.execute(sql.SEND)
        send = {npi.encode() for (npi,) in cursor.fetchall()}
    step.done(f"lines hashed: {same:,} clinicians as before, not sent")
    return ClinicianLines(send, npi_column)


def _report_conflicts(cursor, file_name: str, month: date) -> int:
    cursor.execute(sql.CONFLICTS)
    found = cursor.fetchall()
    if not found:
        return 0
    text = (
        f"Medicare's Doctors and Clinicians file ({file_name}, {month:%B %Y}) "
        "lists practice locations that this listing's corrected locations do "
        "not have. The listing keeps the correction. The file lists: "
    )
    cursor.execute(
        sql.REPORT,
        {
            "text": text,
            "ids": [specialist_id for specialist_id, _ in found],
            "addresses": [addresses for _, addresses in found],
        },
    )
    return len(found)


def _analyze() -> None:
    """Fresh planner statistics for the tables the import wrote."""
    with connection.cursor() as cursor:
        for table in (
            tables.PRACTICE,
            tables.LOCATION,
            tables.ENROLLMENT_LINE,
            tables.ENROLLMENT,
            tables.GROUP,
            tables.MEDICARE_ADDRESS,
        ):
            cursor.execute(f"ANALYZE {table}")

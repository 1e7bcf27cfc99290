"""Secondary practice locations from NPPES pl_pfile_*.csv, set-based.

Only NPIs the directory lists from NPPES are read. A location is found again
by the hash of its address: an unchanged one is not written. A listing's
secondary locations missing from the file are removed, for the NPIs the file
names. Where someone corrected a listing's locations, the file changes nothing.
"""

from datetime import date
from pathlib import Path

from django.db import connection, transaction

from providers.importers import tables
from providers.importers.copying import column_map, copy_into_staging, require
from providers.importers.layouts import PL_COLUMNS
from providers.importers.nppes.files import file_date
from providers.importers.nppes.statements import (
    INSERT_LOCATION,
    location_values,
    next_id,
)
from providers.importers.rejects import RejectsWriter

RAW, ROWS = "import_pl_raw", "import_pl_rows"
NAMES = dict(
    zip(
        ["npi", "line1", "line2", "city", "state", "zip", "country", "phone"],
        PL_COLUMNS[:8],
        strict=True,
    )
)


def _check(columns: dict[str, str]) -> str:
    def col(field):
        return f"coalesce(trim(r.{columns[NAMES[field]]}), '')"

    texts = ", ".join(f"{col(field)} AS {field}" for field in NAMES)
    return f"""
    CREATE UNLOGGED TABLE {ROWS} AS
    SELECT t.*, left(t.zip, 5) AS zip5,
        md5(concat_ws('|', t.line1, t.line2, t.city, t.state, t.zip, t.phone))
            AS address_hash,
        CASE
            WHEN t.country NOT IN ('', 'US')
                THEN 'practice address outside the U.S. (country ' || t.country || ')'
            WHEN t.zip !~ '^[0-9]{{5}}([0-9]{{4}})?$'
                THEN 'malformed practice ZIP code: ' || t.zip
            WHEN z.zip_code IS NULL THEN 'unknown practice ZIP code: ' || t.zip
            WHEN t.state !~ '^[A-Z]{{2}}$' THEN 'malformed practice state: ' || t.state
            WHEN t.line1 = '' THEN 'no address line 1'
        END AS reason,
        NULL::bigint AS location_id
    FROM (
        SELECT r.line, s.id AS specialist_id, sr.values AS source_values,
            EXISTS (
                SELECT 1 FROM {tables.CHANGE_REQUEST} cr
                WHERE cr.specialist_id = s.id AND cr.status = {tables.APPROVED}
                    AND cr.kind IN ({tables.NEW_LISTING}, {tables.EDIT})
                    AND cr.proposed ? 'locations'
                    AND cr.proposed -> 'locations' IS DISTINCT FROM
                        cr.base -> 'locations'
            ) AS corrected,
            {texts}
        FROM {RAW} r
        JOIN {tables.SPECIALIST} s ON s.npi = r.{columns[NAMES["npi"]]}
        JOIN {tables.SOURCE_RECORD} sr ON sr.specialist_id = s.id
        -- An NPI whose record a newer main file changed: this file is older
        -- news for it (its locations are left as they are).
        WHERE NOT coalesce(sr.file_date > %(file_date)s::date, false)
    ) t
    LEFT JOIN {tables.ZIP_CENTROID} z ON z.zip_code = left(t.zip, 5)
    """


NEW = f"""
UPDATE {ROWS} r SET location_id = nextval({next_id(tables.LOCATION)})
WHERE r.reason IS NULL AND NOT r.corrected AND NOT EXISTS (
    SELECT 1 FROM {tables.SOURCE_LOCATION} sl
    WHERE sl.specialist_id = r.specialist_id AND sl.address_hash = r.address_hash
) AND r.line = (
    SELECT min(o.line) FROM {ROWS} o
    WHERE o.specialist_id = r.specialist_id AND o.address_hash = r.address_hash
)
"""
# The location's name and credentials come from the listing's NPPES values.
NAMED = """(SELECT r.*, v.first_name, v.last_name, v.credentials
    FROM {rows} r, jsonb_to_record(r.source_values)
        AS v(first_name text, last_name text, credentials text)
    WHERE r.location_id IS NOT NULL)"""
CREATE = [
    f"""{INSERT_LOCATION}
    SELECT p.location_id, {", ".join(location_values("p"))}, '', z.point,
        {tables.AT_ZIP_CENTROID},        now(), now()
    FROM {NAMED.format(rows=ROWS)} p
    JOIN {tables.ZIP_CENTROID} z ON z.zip_code = p.zip5
    """,
    f"""
    INSERT INTO {tables.PRACTICE} (specialist_id, location_id)
    SELECT specialist_id, location_id FROM {ROWS} WHERE location_id IS NOT NULL
    """,
    f"""
    INSERT INTO {tables.SOURCE_LOCATION} (specialist_id, location_id, kind,
        address_hash)
    SELECT specialist_id, location_id, {tables.SECONDARY}, address_hash
    FROM {ROWS} WHERE location_id IS NOT NULL
    """,
]
GONE = f"""
SELECT sl.location_id FROM {tables.SOURCE_LOCATION} sl
WHERE sl.kind = {tables.SECONDARY}
    AND sl.specialist_id IN (
        SELECT specialist_id FROM {ROWS} WHERE NOT corrected
    )
    AND NOT EXISTS (
        SELECT 1 FROM {ROWS} r
        WHERE r.specialist_id = sl.specialist_id
            AND r.address_hash = sl.address_hash
    )
"""


def import_secondary(
    source: Path, header: list[str], summary, run, *, newest_full: date | None
) -> None:
    """Add, keep or remove the secondary locations of one pl_pfile.
    `summary` and `run`: `service.Summary` and `service.Run`; `newest_full`:
    the date of the newest monthly main file imported (a pl_pfile older than
    it changes nothing)."""
    columns = column_map(header)
    require(columns, list(NAMES.values()), source)
    this = file_date(source.name)
    if this and newest_full and this < newest_full:
        summary.counts["older"] += 1
        summary.files.append(source.name)
        if run.log:
            run.log(
                f"{source.name}: older than the monthly file of "
                f"{newest_full:%B %-d, %Y} already imported; left out"
            )
        return
    malformed = []
    read = copy_into_staging(
        source, RAW, len(header), progress=run.progress, malformed=malformed
    )
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {ROWS}")
        cursor.execute(_check(columns), {"file_date": this})
        cursor.execute(f"ANALYZE {ROWS}")  # planned for its size, as RAW
        cursor.execute(f"DROP TABLE {RAW}")
        with transaction.atomic():
            cursor.execute(NEW)
            cursor.execute(f"ANALYZE {ROWS}")  # its new location ids
            for statement in CREATE:
                cursor.execute(statement)
            created = cursor.rowcount
            cursor.execute(GONE)
            gone = [location_id for (location_id,) in cursor.fetchall()]
            for table in ("practice", "sourcelocation", "location"):
                column = "id" if table == "location" else "location_id"
                cursor.execute(
                    f"DELETE FROM providers_{table} WHERE {column} = ANY(%s)", [gone]
                )
            removed = len(gone)
        cursor.execute(f"SELECT count(*) FROM {ROWS} WHERE reason IS NOT NULL")
        (rejected,) = cursor.fetchone()
        if run.reject_file and rejected:
            writer = RejectsWriter(run.reject_file)
            cursor.execute(
                f"SELECT line, npi, reason FROM {ROWS} "
                "WHERE reason IS NOT NULL ORDER BY line"
            )
            writer.writerows((source.name, *row) for row in cursor.fetchall())
        cursor.execute(f"DROP TABLE {ROWS}")
    rejected += len(malformed)
    if run.reject_file:
        RejectsWriter(run.reject_file).writerows(
            (source.name, line, "", reason) for line, reason in malformed
        )
    counts = summary.counts
    counts["secondary_read"] = counts.get("secondary_read", 0) + read
    counts["secondary_created"] = counts.get("secondary_created", 0) + created
    counts["secondary_removed"] = counts.get("secondary_removed", 0) + removed
    counts["rejected"] += rejected
    summary.files.append(source.name)
    if run.log:
        run.log(
            f"{source.name}: {read:,} secondary locations read, {created:,} added, "
            f"{removed:,} removed, {rejected:,} rejected"
        )

"""Import the Doctors and Clinicians Facility Affiliation file: which hospitals
each listed clinician is affiliated with, set-based.

Only `Hospital` lines whose CCN is in Hospital General Information become
affiliations; other facility types and unknown CCNs are counted. The file's
affiliations replace those kept (a hash anti-join, linear in both).
"""

import time
from datetime import date
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from providers.importers import tables
from providers.importers.clinicians.months import refuse_older
from providers.importers.common import (
    Steps,
    Summary,
    check_file,
    file_month,
    import_lock,
    rejects_writer,
)
from providers.importers.copying import copy_into_staging
from providers.importers.headers import choose
from providers.importers.layouts import AFFILIATION_ALIASES
from providers.models import ImportRun, Source

RAW, ROWS = "import_affiliations_raw", "import_affiliations_rows"
FIELDS = {
    "npi": "NPI",
    "facility_type": "facility_type",
    "ccn": "Facility Affiliations Certification Number",
}
SKIPPED_KEYS = [
    "unknown", "deactivated", "not_hospital", "unknown_hospital", "repeated",
]  # fmt: skip


def _check(columns: dict[str, str]) -> str:
    def col(field):
        return f"coalesce(trim(r.{columns[FIELDS[field]]}), '')"

    texts = ", ".join(f"{col(field)} AS {field}" for field in FIELDS)
    return f"""
    CREATE UNLOGGED TABLE {ROWS} AS
    SELECT t.*, s.id AS specialist_id, h.id AS hospital_id,
        CASE
            WHEN NOT npi_is_valid(t.npi) THEN 'reject'
            WHEN t.ccn = '' THEN 'reject'
            WHEN s.id IS NULL THEN 'unknown'
            WHEN sr.deactivated_on IS NOT NULL AND (sr.reactivated_on IS NULL
                OR sr.reactivated_on < sr.deactivated_on) THEN 'deactivated'
            WHEN lower(t.facility_type) <> 'hospital' THEN 'not_hospital'
            WHEN h.id IS NULL THEN 'unknown_hospital'
            ELSE 'row'
        END AS kind,
        CASE
            WHEN NOT npi_is_valid(t.npi) THEN 'invalid NPI: ' || t.npi
            WHEN t.ccn = '' THEN 'no Facility Affiliations Certification Number'
        END AS reason
    FROM (SELECT r.line, {texts} FROM {RAW} r) t
    LEFT JOIN {tables.SPECIALIST} s ON s.npi = t.npi
    LEFT JOIN {tables.SOURCE_RECORD} sr ON sr.specialist_id = s.id
    LEFT JOIN {tables.HOSPITAL} h ON h.ccn = t.ccn
    """


GONE = f"""
DELETE FROM {tables.AFFILIATION} a WHERE NOT EXISTS (
    SELECT 1 FROM {ROWS} r
    WHERE r.kind = 'row' AND r.specialist_id = a.specialist_id
        AND r.hospital_id = a.hospital_id
)
"""
WRITE = f"""
INSERT INTO {tables.AFFILIATION} AS a (specialist_id, hospital_id, file_name,
    file_date)
SELECT DISTINCT r.specialist_id, r.hospital_id, %(file_name)s, %(month)s::date
FROM {ROWS} r
WHERE r.kind = 'row' AND NOT EXISTS (
    -- Kept as it is: the same affiliation, from a file of the same month.
    SELECT 1 FROM {tables.AFFILIATION} a
    WHERE a.specialist_id = r.specialist_id AND a.hospital_id = r.hospital_id
        AND a.file_date = %(month)s::date
)
ON CONFLICT (specialist_id, hospital_id) DO UPDATE SET
    file_name = excluded.file_name, file_date = excluded.file_date,
    updated = now()
WHERE a.file_date IS DISTINCT FROM excluded.file_date
RETURNING (xmax = 0) AS created
"""


def import_affiliations(
    path: Path,
    *,
    month: date | None = None,
    rejects: Path | None = None,
    progress: bool = False,
    log=None,
) -> Summary:
    """Replace the hospital affiliations with those of a Facility Affiliation
    file. Import Hospital General Information first: unknown CCNs are
    counted, never listed."""
    started = time.perf_counter()
    check_file(path)
    month = month or file_month(path)
    source, header, columns = choose(
        path, list(FIELDS.values()), AFFILIATION_ALIASES, "Facility Affiliation file"
    )
    summary = Summary(file=source.name, month=month)
    counts = summary.counts
    counts.update(dict.fromkeys([*SKIPPED_KEYS, "removed"], 0))
    step = Steps(log)
    params = {"file_name": source.name[:255], "month": month}
    with rejects_writer(rejects) as writer, import_lock(log):
        refuse_older(Source.AFFILIATIONS, month, "Facility Affiliation file")
        malformed = []  # lines COPY could not read: rejected with their line
        counts["read"] = copy_into_staging(
            source,
            RAW,
            len(header),
            progress=progress,
            malformed=malformed,
            analyze=("line",),
        )
        step.done(f"{source.name}: {counts['read']:,} lines read")
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {ROWS}")
            cursor.execute(_check(columns))
            cursor.execute(f"DROP TABLE {RAW}")
            cursor.execute(f"ANALYZE {ROWS} (specialist_id, hospital_id, kind)")
            cursor.execute(f"SELECT kind, count(*) FROM {ROWS} GROUP BY kind")
            kinds = dict(cursor.fetchall())
            cursor.execute(
                f"SELECT count(*) FROM (SELECT DISTINCT specialist_id, hospital_id "
                f"FROM {ROWS} WHERE kind = 'row') d"
            )
            (distinct,) = cursor.fetchone()
            step.done("lines checked")
            with transaction.atomic():
                run = ImportRun.objects.create(
                    source=Source.AFFILIATIONS, file_name=source.name
                )
                cursor.execute(GONE)
                counts["removed"] = cursor.rowcount
                cursor.execute(WRITE, params)
                written = [created for (created,) in cursor.fetchall()]
                counts["created"] = sum(written)
                counts["unchanged"] = distinct - counts["created"]
                counts["rejected"] = kinds.get("reject", 0) + len(malformed)
                for key in SKIPPED_KEYS[:-1]:
                    counts[key] = kinds.get(key, 0)
                counts["repeated"] = kinds.get("row", 0) - distinct
                counts["skipped"] = sum(counts[key] for key in SKIPPED_KEYS)
                summary.seconds = time.perf_counter() - started
                run.summary = summary.as_dict()
                run.finished = timezone.now()
                run.save(update_fields=["summary", "finished"])
            step.done("affiliations written")
            if writer is not None and counts["rejected"]:
                cursor.execute(
                    f"SELECT line, npi, reason FROM {ROWS} "
                    "WHERE kind = 'reject' ORDER BY line"
                )
                writer.writerows((source.name, *row) for row in cursor.fetchall())
                writer.writerows(
                    (source.name, line, "", reason) for line, reason in malformed
                )
            cursor.execute(f"DROP TABLE {ROWS}")
            if written or counts["removed"]:
                cursor.execute(f"ANALYZE {tables.AFFILIATION}")
    summary.seconds = time.perf_counter() - started
    return summary

"""Import Hospital General Information: hospitals by CCN, set-based.

COPY into staging, check each row, upsert by CCN where the row changed. A
hospital missing from a later file is kept (affiliations name it) with the
month it was last listed.
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
from providers.importers.layouts import HOSPITAL_ALIASES
from providers.models import ImportRun, Source

RAW, ROWS = "import_hospitals_raw", "import_hospitals_rows"
FIELDS = {
    "ccn": "Facility ID",
    "name": "Facility Name",
    "address": "Address",
    "city": "City/Town",
    "state": "State",
    "zip": "ZIP Code",
    "county": "County/Parish",
    "phone": "Telephone Number",
    "hospital_type": "Hospital Type",
    "ownership": "Hospital Ownership",
    "emergency": "Emergency Services",
}


LABEL = "Hospital General Information file"
# How the file says it has no value for a field (the measure columns, and
# now and then a hospital's own).
NOT_AVAILABLE = "('NOT AVAILABLE', 'N/A')"


def _check(columns: dict[str, str]) -> str:
    def col(field):
        value = f"coalesce(trim(r.{columns[FIELDS[field]]}), '')"
        return f"CASE WHEN upper({value}) IN {NOT_AVAILABLE} THEN '' ELSE {value} END"

    texts = ",\n".join(f"{col(field)} AS {field}" for field in FIELDS)
    return f"""
    CREATE UNLOGGED TABLE {ROWS} AS
    SELECT t.*,
        md5(concat_ws('|', name, address, city, state, zip, county, phone,
            hospital_type, ownership, emergency)) AS row_hash,
        CASE
            WHEN ccn !~ '^[0-9A-Z]{{6}}$'
                THEN 'Facility ID is not a 6-character CCN: ' || ccn
            WHEN name = '' THEN 'no Facility Name'
        END AS reason
    FROM (SELECT r.line, {texts} FROM {RAW} r) t
    """


UPSERT = f"""
INSERT INTO {tables.HOSPITAL} AS h (ccn, name, address, city, state, zip_code,
    county, phone, hospital_type, ownership, emergency_services, row_hash,
    file_name, file_date)
SELECT DISTINCT ON (ccn) ccn, left(name, 300), left(address, 300),
    left(city, 100), left(state, 2), left(zip, 10), left(county, 100),
    left(phone, 30), left(hospital_type, 100), left(ownership, 100),
    CASE upper(emergency) WHEN 'YES' THEN true WHEN 'NO' THEN false END,
    row_hash, %(file_name)s, %(month)s
FROM {ROWS} WHERE reason IS NULL
ORDER BY ccn, line DESC
ON CONFLICT (ccn) DO UPDATE SET
    name = excluded.name, address = excluded.address, city = excluded.city,
    state = excluded.state, zip_code = excluded.zip_code,
    county = excluded.county, phone = excluded.phone,
    hospital_type = excluded.hospital_type, ownership = excluded.ownership,
    emergency_services = excluded.emergency_services,
    row_hash = excluded.row_hash, file_name = excluded.file_name,
    file_date = excluded.file_date, updated = now()
WHERE h.row_hash IS DISTINCT FROM excluded.row_hash
    OR h.file_date IS DISTINCT FROM excluded.file_date
RETURNING (xmax = 0) AS created, h.row_hash
"""


def import_hospitals(
    path: Path,
    *,
    month: date | None = None,
    rejects: Path | None = None,
    progress: bool = False,
    log=None,
) -> Summary:
    """Create or update the hospitals of a Hospital General Information file.
    `month` is the file's month (default: its modification time)."""
    started = time.perf_counter()
    check_file(path)
    month = month or file_month(path)
    source, header, columns = choose(
        path, list(FIELDS.values()), HOSPITAL_ALIASES, LABEL
    )
    summary = Summary(file=source.name, month=month)
    counts = summary.counts
    step = Steps(log)
    with rejects_writer(rejects) as writer, import_lock(log):
        refuse_older(Source.HOSPITALS, month, "Hospital General Information file")
        malformed = []  # lines COPY could not read: rejected with their line
        counts["read"] = copy_into_staging(
            source,
            RAW,
            len(header),
            progress=progress,
            malformed=malformed,
            analyze=("line",),
        )
        step.done(f"{source.name}: {counts['read']:,} rows read")
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {ROWS}")
            cursor.execute(_check(columns))
            cursor.execute(f"DROP TABLE {RAW}")
            cursor.execute(
                f"SELECT count(*) FILTER (WHERE reason IS NOT NULL), "
                f"count(DISTINCT ccn) FILTER (WHERE reason IS NULL) FROM {ROWS}"
            )
            counts["rejected"], distinct = cursor.fetchone()
            counts["rejected"] += len(malformed)
            counts["skipped"] = counts["read"] - counts["rejected"] - distinct
            with transaction.atomic():
                run = ImportRun.objects.create(
                    source=Source.HOSPITALS, file_name=source.name
                )
                cursor.execute(
                    f"SELECT row_hash FROM {tables.HOSPITAL} WHERE ccn IN "
                    f"(SELECT ccn FROM {ROWS} WHERE reason IS NULL)"
                )
                before = {row_hash for (row_hash,) in cursor.fetchall()}
                cursor.execute(UPSERT, {"file_name": source.name[:255], "month": month})
                written = cursor.fetchall()
                counts["created"] = sum(created for created, _ in written)
                counts["updated"] = sum(
                    1 for created, row_hash in written
                    if not created and row_hash not in before
                )  # fmt: skip
                counts["unchanged"] = distinct - counts["created"] - counts["updated"]
                summary.seconds = time.perf_counter() - started
                run.summary = summary.as_dict()
                run.finished = timezone.now()
                run.save(update_fields=["summary", "finished"])
            step.done("hospitals written")
            if writer is not None:
                cursor.execute(
                    f"SELECT line, '', reason FROM {ROWS} "
                    "WHERE reason IS NOT NULL ORDER BY line"
                )
                writer.writerows((source.name, *row) for row in cursor.fetchall())
                writer.writerows(
                    (source.name, line, "", reason) for line, reason in malformed
                )
            cursor.execute(f"DROP TABLE {ROWS}")
    summary.seconds = time.perf_counter() - started
    return summary

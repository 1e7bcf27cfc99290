"""Import CMS Medicare procedure volumes: per specialist, procedure and year, the
services and beneficiaries of the procedure's billing codes.

COPY into staging, keep the rows of our billing codes and listed NPIs, sum per
specialist and procedure (add-on codes left out), upsert; a pair of that year
missing from the file is removed. CMS leaves out rows of 10 or fewer
beneficiaries: no row means "not shown", never zero.
"""

import csv
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction

from providers.importers import tables
from providers.importers.copying import (
    ImportFileError,
    LineFilter,
    column_map,
    copy_into_staging,
    expand,
    read_header,
    require,
)
from providers.models import BillingCode

RAW, ROWS = "import_medicare_raw", "import_medicare_rows"
NEEDED = ["Rndrng_NPI", "HCPCS_Cd", "Tot_Benes", "Tot_Srvcs"]
NUMBER = r"^[0-9]+(\.[0-9]+)?$"


@dataclass
class MedicareSummary:
    counts: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(
            [
                "read",
                "matched",
                "created",
                "updated",
                "unchanged",
                "removed",
                "skipped",
                "rejected",
            ],
            0,
        )  # fmt: skip
    )
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return {**self.counts, "seconds": round(self.seconds, 2)}


def _rows(columns: dict[str, str]) -> str:
    npi, code = columns["Rndrng_NPI"], columns["HCPCS_Cd"]
    benes, services = columns["Tot_Benes"], columns["Tot_Srvcs"]
    return f"""
    CREATE UNLOGGED TABLE {ROWS} AS
    SELECT r.line, r.{npi} AS npi, b.procedure_id, b.add_on, s.id AS specialist_id,
        CASE
            WHEN NOT npi_is_valid(coalesce(r.{npi}, ''))
                THEN 'invalid NPI: ' || coalesce(r.{npi}, '')
            WHEN coalesce(r.{services}, '') !~ '{NUMBER}'
                THEN 'Tot_Srvcs is not a number: ' || coalesce(r.{services}, '')
            WHEN coalesce(r.{benes}, '') !~ '{NUMBER}'
                THEN 'Tot_Benes is not a number: ' || coalesce(r.{benes}, '')
        END AS reason,
        CASE WHEN r.{services} ~ '{NUMBER}' THEN round(r.{services}::numeric) END
            AS services,
        CASE WHEN r.{benes} ~ '{NUMBER}' THEN round(r.{benes}::numeric) END
            AS beneficiaries
    FROM {RAW} r
    JOIN {tables.BILLING_CODE} b ON b.code = r.{code}
    LEFT JOIN {tables.SPECIALIST} s ON s.npi = r.{npi}
    """


TOTALS = f"""
CREATE TEMP TABLE import_medicare_totals AS
SELECT specialist_id, procedure_id, sum(services)::int AS services,
    sum(beneficiaries)::int AS beneficiaries
FROM {ROWS}
WHERE reason IS NULL AND specialist_id IS NOT NULL AND NOT add_on
GROUP BY specialist_id, procedure_id
"""
UPSERT = f"""
INSERT INTO {tables.SERVICE_VOLUME} AS v (specialist_id, procedure_id, year,
    services, beneficiaries)
SELECT specialist_id, procedure_id, %(year)s, services, beneficiaries
FROM import_medicare_totals
ON CONFLICT (specialist_id, procedure_id, year) DO UPDATE SET
    services = excluded.services, beneficiaries = excluded.beneficiaries
WHERE (v.services, v.beneficiaries)
    IS DISTINCT FROM (excluded.services, excluded.beneficiaries)
RETURNING (xmax = 0) AS created
"""
REMOVE = f"""
DELETE FROM {tables.SERVICE_VOLUME} v WHERE v.year = %(year)s AND NOT EXISTS (
    SELECT 1 FROM import_medicare_totals t
    WHERE t.specialist_id = v.specialist_id AND t.procedure_id = v.procedure_id
)
"""


def _quoted(source) -> bool:
    """Whether the file quotes every value (CMS's own files quote none)."""
    with source.open() as f:
        return f.readline().startswith(b'"')


def import_medicare_services(
    path: Path, *, year: int, rejects: Path | None = None, progress: bool = False
) -> MedicareSummary:
    """Replace the `year`'s procedure volumes with those of the file."""
    if not 1990 <= year <= 2100:
        raise ImportFileError(f"{year} is not a data year.")
    started = time.perf_counter()
    summary = MedicareSummary()
    (source,) = expand([path])[:1] or [None]
    if source is None:
        raise ImportFileError(f"{path}: no CSV in it.")
    header = read_header(source)
    columns = column_map(header)
    require(columns, NEEDED, source)
    counts = summary.counts
    # Only lines naming one of our billing codes (about 2% of the file) are
    # copied; the SQL join checks the code's column.
    codes = BillingCode.objects.values_list("code", flat=True)
    quote = '"' if _quoted(source) else ""
    only = LineFilter(needles=[f",{quote}{code}{quote}," for code in codes])
    counts["read"] = copy_into_staging(
        source, RAW, len(header), progress=progress, only=only
    )
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {ROWS}")
        cursor.execute(_rows(columns))
        cursor.execute(f"ANALYZE {ROWS}")  # planned for its size, as RAW
        cursor.execute(f"DROP TABLE {RAW}")
        cursor.execute(
            f"SELECT count(*) FILTER (WHERE reason IS NOT NULL), "
            f"count(*) FILTER (WHERE reason IS NULL AND specialist_id IS NOT NULL) "
            f"FROM {ROWS}"
        )
        counts["rejected"], counts["matched"] = cursor.fetchone()
        counts["skipped"] = counts["read"] - counts["rejected"] - counts["matched"]
        with transaction.atomic():
            cursor.execute("DROP TABLE IF EXISTS import_medicare_totals")
            cursor.execute(TOTALS)
            cursor.execute("SELECT count(*) FROM import_medicare_totals")
            (pairs,) = cursor.fetchone()
            cursor.execute(UPSERT, {"year": year})
            changed = [created for (created,) in cursor.fetchall()]
            counts["created"] = sum(changed)
            counts["updated"] = len(changed) - counts["created"]
            counts["unchanged"] = pairs - len(changed)
            cursor.execute(REMOVE, {"year": year})
            counts["removed"] = cursor.rowcount
            cursor.execute("DROP TABLE import_medicare_totals")
        if rejects is not None:
            cursor.execute(
                f"SELECT line, npi, reason FROM {ROWS} "
                "WHERE reason IS NOT NULL ORDER BY line"
            )
            with open(rejects, "w", newline="", encoding="utf-8") as f:
                writer = csv.writer(f)
                writer.writerow(["file", "line", "npi", "reason"])
                writer.writerows((source.name, *row) for row in cursor.fetchall())
        cursor.execute(f"DROP TABLE {ROWS}")
        cursor.execute(f"ANALYZE {tables.SERVICE_VOLUME}")
    summary.seconds = time.perf_counter() - started
    return summary

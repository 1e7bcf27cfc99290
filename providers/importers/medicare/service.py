"""Import CMS Medicare procedure volumes: per specialist, procedure and year, the
services and beneficiaries of the procedure's billing codes.

COPY into staging, keep the rows of our billing codes and listed NPIs, sum per
specialist and procedure (add-on codes left out), upsert; a pair of that year
missing from the file is removed. CMS leaves out rows of 10 or fewer
beneficiaries: no row means "not shown", never zero.
"""

import codecs
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction

from providers.importers import tables
from providers.importers.common import check_file, import_lock, rejects_writer
from providers.importers.copying import ImportFileError, LineFilter, copy_into_staging
from providers.importers.headers import choose
from providers.models import BillingCode, ServiceVolume
from providers.search.deferred import deferred_refresh

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
                "conflicts",
                "repeated",
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
    place = columns.get("Place_Of_Srvc")
    place = f"coalesce(r.{place}, '')" if place else "''"
    return f"""
    CREATE UNLOGGED TABLE {ROWS} AS
    SELECT r.line, r.{npi} AS npi, b.procedure_id, b.add_on, s.id AS specialist_id,
        r.{code} AS code, {place} AS place,
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


# Services add up over a procedure's codes; patients do not (a patient billed
# under two codes is one patient): the largest single code's count is how many
# patients at least.
# The file has one line per NPI, code and place of service: a line given
# twice is counted once (the later one), never added to itself.
TOTALS = f"""
CREATE TEMP TABLE import_medicare_totals AS
SELECT specialist_id, procedure_id, sum(services)::int AS services,
    max(beneficiaries)::int AS beneficiaries
FROM (
    SELECT DISTINCT ON (specialist_id, code, place) *
    FROM {ROWS}
    WHERE reason IS NULL AND specialist_id IS NOT NULL AND NOT add_on
    ORDER BY specialist_id, code, place, line DESC
) r
GROUP BY specialist_id, procedure_id
"""
REPEATED = f"""
SELECT count(*) - count(DISTINCT (specialist_id, code, place)) FROM {ROWS}
WHERE reason IS NULL AND specialist_id IS NOT NULL
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
# A hash anti-join, linear in both tables; the totals are analyzed first;
# unanalyzed, the planner took them for a few rows and probed them once per
# volume (87 s at 41,000 pairs).
REMOVE = f"""
DELETE FROM {tables.SERVICE_VOLUME} v WHERE v.id IN (
    SELECT v2.id FROM {tables.SERVICE_VOLUME} v2
    LEFT JOIN import_medicare_totals t
        ON t.specialist_id = v2.specialist_id AND t.procedure_id = v2.procedure_id
    WHERE v2.year = %(year)s AND t.specialist_id IS NULL
)
"""
# The data year a CMS file's name gives: MUP_PHY_R25_P05_V10_D23_Prov_Svc.csv
# is of 2023.
NAME_YEAR = re.compile(r"_D(\d{2})_")
# A file with fewer pairs than this share of the year already imported is
# taken for a wrong or cut-short file, not a year in which half stopped.
SHRINK_LIMIT = 0.5


def year_of(name: str) -> int | None:
    match = NAME_YEAR.search(name)
    return 2000 + int(match.group(1)) if match else None


def _quoted(source) -> bool:
    """Whether the file quotes every value (CMS's own files quote none)."""
    with source.open() as f:
        return f.readline().removeprefix(codecs.BOM_UTF8).startswith(b'"')


def import_medicare_services(
    path: Path,
    *,
    year: int,
    rejects: Path | None = None,
    progress: bool = False,
    replace_year: bool = False,
    log=None,
) -> MedicareSummary:
    """Replace the `year`'s procedure volumes with those of the file. Stops
    before writing when the file's name says another year, or when it holds
    under half the pairs the year has, unless `replace_year`."""
    if not 1990 <= year <= 2100:
        raise ImportFileError(f"{year} is not a data year.")
    check_file(path)
    named = year_of(path.name)
    if named is not None and named != year and not replace_year:
        raise ImportFileError(
            f"{path.name} is of {named} by its name (_D{named % 100:02d}_), not "
            f"{year}. Give --year {named}, or --replace-year if the name is wrong."
        )
    with import_lock(log), rejects_writer(rejects) as writer:
        return _import(path, year, writer, progress, replace_year)


def _import(path, year, writer, progress, replace_year) -> MedicareSummary:
    started = time.perf_counter()
    summary = MedicareSummary()
    source, header, columns = choose(
        path, NEEDED, None, "Medicare by Provider and Service file"
    )
    counts = summary.counts
    # Only lines naming one of our billing codes (about 2% of the file) are
    # copied; the SQL join checks the code's column.
    codes = BillingCode.objects.values_list("code", flat=True)
    quote = '"' if _quoted(source) else ""
    only = LineFilter(needles=[f",{quote}{code}{quote}," for code in codes])
    malformed = []
    counts["read"] = copy_into_staging(
        source, RAW, len(header), progress=progress, only=only, malformed=malformed
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
        counts["rejected"] += len(malformed)
        counts["skipped"] = counts["read"] - counts["rejected"] - counts["matched"]
        cursor.execute(REPEATED)
        (counts["repeated"],) = cursor.fetchone()
        # One transaction; the search index is refreshed once at its end
        # for every listing whose volumes changed (not once per statement).
        with deferred_refresh():
            cursor.execute("DROP TABLE IF EXISTS import_medicare_totals")
            cursor.execute(TOTALS)
            cursor.execute("ANALYZE import_medicare_totals")
            cursor.execute("SELECT count(*) FROM import_medicare_totals")
            (pairs,) = cursor.fetchone()
            kept = ServiceVolume.objects.filter(year=year).count()
            if pairs < kept * SHRINK_LIMIT and not replace_year:
                raise ImportFileError(
                    f"{source.name} gives {pairs:,} specialist and procedure pairs "
                    f"for {year}, under half the {kept:,} already imported: a "
                    "wrong or cut-short file? Nothing was changed. Give "
                    "--replace-year to replace the year with it."
                )
            cursor.execute(UPSERT, {"year": year})
            changed = [created for (created,) in cursor.fetchall()]
            counts["created"] = sum(changed)
            counts["updated"] = len(changed) - counts["created"]
            counts["unchanged"] = pairs - len(changed)
            cursor.execute(REMOVE, {"year": year})
            counts["removed"] = cursor.rowcount
            cursor.execute("DROP TABLE import_medicare_totals")
        if writer is not None:
            cursor.execute(
                f"SELECT line, npi, reason FROM {ROWS} "
                "WHERE reason IS NOT NULL ORDER BY line"
            )
            rows = [(source.name, *row) for row in cursor.fetchall()]
            rows += [(source.name, line, "", why) for line, why in malformed]
            writer.writerows(sorted(rows, key=lambda row: row[1]))
        cursor.execute(f"DROP TABLE {ROWS}")
        cursor.execute(f"ANALYZE {tables.SERVICE_VOLUME}")
    summary.seconds = time.perf_counter() - started
    return summary


@transaction.atomic
def remove_medicare_year(year: int) -> int:
    """Remove every procedure volume of a data year (a year imported by
    mistake). Returns how many were removed."""
    removed, _ = ServiceVolume.objects.filter(year=year).delete()
    return removed

"""Times the Doctors and Clinicians importers next to raw COPY of the same file.

Usage, from the checkout, against a database of its own (never the site's):

    bash scripts/db.sh psql -c "CREATE DATABASE sf_clinicians_bench"
    export DATABASE_URL="postgis://postgres@/sf_clinicians_bench?host=$PWD/.data/run"
    DEBUG=true .venv/bin/python manage.py migrate
    DEBUG=true .venv/bin/python bench/clinicians.py --clinicians 1300000

Generates the files once (kept in --dir): an NPPES file of the same NPIs
(imported with --all, so every clinician is listed), then the national file
(about two lines a clinician: 1.3 million clinicians make the 2.8 million
lines of the real file), Facility Affiliation and Hospital General
Information. In one run, per file: raw COPY into an unlogged text table of its
width (the lower bound), the import, the same file again (unchanged), and
the same file as next month's (every fact it confirms moves on a month).
Prints lines a second side by side, the ratio to raw COPY, and the peak memory
of this process (ru_maxrss).
"""

import argparse
import os
import sys
import time
from datetime import date
from functools import partial
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clinicians", type=int, default=100_000)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/clinicians-bench"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--steps", action="store_true", help="print the time of each import step"
    )
    parser.add_argument(
        "--medicare-removal",
        default="",
        metavar="PAIRS,PAIRS",
        help="then time import_medicare_services's removal of a year's missing "
        "pairs at these sizes (e.g. 40000,400000), on the listed NPIs",
    )
    parser.add_argument(
        "--keep-nppes",
        action="store_true",
        help="keep the listings of an earlier run (its NPPES import) and empty "
        "only what the clinicians files wrote",
    )
    parser.add_argument(
        "--statements",
        action="store_true",
        help="print each statement of the imports that took over half a second",
    )
    parser.add_argument(
        "--only-medicare", action="store_true", help="skip the clinicians files"
    )
    args = parser.parse_args()
    django.setup()
    from django.db import connection
    from imports import peak_mb, raw_copy, reset

    from providers.importers.clinicians.affiliations import import_affiliations
    from providers.importers.clinicians.hospitals import import_hospitals
    from providers.importers.clinicians.national import import_clinicians
    from providers.importers.generators.clinicians import write_clinicians
    from providers.importers.generators.nppes import write_nppes
    from providers.importers.nppes.service import import_nppes

    name = connection.settings_dict["NAME"]
    if "bench" not in name:
        sys.exit(f"Refusing to empty {name!r}: use a database named *bench*.")
    if args.statements:
        connection.execute_wrappers.append(print_slow)
    if args.only_medicare:
        medicare_removal(args)
        return
    folder = args.dir / str(args.clinicians)
    folder.mkdir(parents=True, exist_ok=True)
    nppes = folder / "npidata_pfile_20050523-20261109.csv"
    if not nppes.exists():
        print(f"generating {args.clinicians:,} NPPES rows ...", flush=True)
        write_nppes(folder, rows=args.clinicians, seed=args.seed)
    files = write_clinicians_once(write_clinicians, folder, args)
    if args.keep_nppes:
        forget_clinicians()
    else:
        reset()
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE providers_hospital, providers_group CASCADE")
        print("importing NPPES (--all) ...", flush=True)
        import_nppes([nppes], everyone=True)
    print(f"load average before: {os.getloadavg()}", flush=True)

    def line(label, lines, seconds, copy_seconds):
        print(
            f"{label:<44} {lines:>10,} lines {seconds:>7.1f} s "
            f"{lines / seconds:>9,.0f} lines/s  {copy_seconds / seconds:>5.2f}x COPY",
            flush=True,
        )

    month = date(2026, 11, 1)
    for label, path, run in (
        ("hospitals", files.hospitals, import_hospitals),
        ("clinicians (national file)", files.national, import_clinicians),
        ("affiliations", files.affiliations, import_affiliations),
    ):
        copy_seconds = raw_copy(path)
        log = (lambda text: print(f"      {text}", flush=True)) if args.steps else None
        first = run(path, month=month, log=log)
        lines = first.counts["read"]
        print(f"{label} raw COPY: {copy_seconds:.2f} s", flush=True)
        line(f"import_{label.split()[0]}, first", lines, first.seconds, copy_seconds)
        again = run(path, month=month, log=log)
        line(f"import_{label.split()[0]}, unchanged", lines, again.seconds,
             copy_seconds)  # fmt: skip
        # The monthly case: next month's file, the same lines (every fact it
        # confirms moves on to the new month).
        next_month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        later = run(path, month=next_month, log=log)
        line(f"import_{label.split()[0]}, same lines next month", lines,
             later.seconds, copy_seconds)  # fmt: skip
        print("   ", first.as_dict(), flush=True)
    print(f"peak memory of this process: {peak_mb():.0f} MB (target < 500 MB)")
    print(f"load average after: {os.getloadavg()}")
    if args.medicare_removal:
        medicare_removal(args)


def forget_clinicians():
    """Empty what the clinicians files wrote, keeping the NPPES listings: the
    practices at Medicare's locations, the locations, lines, enrollments,
    groups, hospitals and their runs."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM providers_practice p USING providers_medicareaddress ma "
            "WHERE ma.location_id = p.location_id AND NOT EXISTS (SELECT 1 FROM "
            "providers_sourcelocation sl WHERE sl.location_id = p.location_id)"
        )
        cursor.execute(
            "DELETE FROM providers_location l USING providers_medicareaddress ma "
            "WHERE ma.location_id = l.id AND NOT EXISTS (SELECT 1 FROM "
            "providers_practice p WHERE p.location_id = l.id)"
        )
        cursor.execute(
            "TRUNCATE providers_enrollmentline, providers_enrollment, "
            "providers_medicareaddress, providers_hospital, providers_group CASCADE"
        )
        cursor.execute(
            "UPDATE providers_practice SET medicare_confirmed = NULL, "
            "medicare_assignment = '' WHERE medicare_confirmed IS NOT NULL"
        )
        cursor.execute("DELETE FROM providers_importrun WHERE source <> 'nppes'")


def print_slow(execute, sql, params, many, context):
    """An execute wrapper: prints a statement that took over half a second."""
    start = time.perf_counter()
    try:
        return execute(sql, params, many, context)
    finally:
        seconds = time.perf_counter() - start
        if seconds > 0.5:
            print(f"        {seconds:6.1f} s  {' '.join(sql.split())[:100]}")


def time_removal(timed, execute, sql, params, many, context):
    """An execute wrapper: the seconds of each removal of volumes, to `timed`."""
    start = time.perf_counter()
    try:
        return execute(sql, params, many, context)
    finally:
        if sql.lstrip().startswith("DELETE FROM providers_servicevolume"):
            timed.append(time.perf_counter() - start)


# Share of the generated Medicare rows that make a (specialist, procedure)
# pair: rows of our procedures' codes, add-on codes left out (about 23%).
PAIRS_A_ROW = 0.22


def medicare_removal(args):
    """A year imported, then a file of the same year with other pairs: the
    import removes the pairs missing from it (a hash anti-join). Times that
    statement and the whole import at each size: linear time is a flat
    figure per pair."""
    from django.db import connection

    from providers.demo import catalog
    from providers.importers.generators.medicare import write_medicare
    from providers.importers.medicare.service import import_medicare_services
    from providers.models import BillingCode, Procedure

    for slug, name_, _, _ in catalog.PROCEDURES:
        Procedure.objects.get_or_create(slug=slug, defaults={"name": name_})
    procedures = {p.slug: p for p in Procedure.objects.all()}
    for slug, code, label, add_on in catalog.BILLING_CODES:
        BillingCode.objects.get_or_create(
            code=code,
            defaults={"procedure": procedures[slug], "label": label, "add_on": add_on},
        )
    print(f"load average before: {os.getloadavg()}", flush=True)
    for pairs in [int(size) for size in args.medicare_removal.split(",")]:
        rows = int(pairs / PAIRS_A_ROW)
        files = []
        for seed in (11, 12):
            path = args.dir / f"medicare_{rows}_{seed}.csv"
            if not path.exists():
                print(f"generating {rows:,} Medicare rows ...", flush=True)
                write_medicare(path, rows=rows, npis=args.clinicians, seed=seed,
                               npi_seed=args.seed)  # fmt: skip
            files.append(path)
        with connection.cursor() as cursor:
            # (No trigger on TRUNCATE of volumes: the index keeps stale
            # procedures for the bench, refreshed by the imports that follow.)
            cursor.execute("TRUNCATE providers_servicevolume")
        import_medicare_services(files[0], year=2023)
        timed = []
        with connection.execute_wrapper(partial(time_removal, timed)):
            second = import_medicare_services(files[1], year=2023, replace_year=True)
        removed = second.counts["removed"]
        print(
            f"Medicare, a year of {pairs:,} pairs replaced ({rows:,} rows): "
            f"{removed:,} missing pairs removed in {sum(timed):.2f} s "
            f"({sum(timed) / max(removed, 1) * 1e6:.1f} µs a pair); the whole "
            f"import {second.seconds:.1f} s",
            flush=True,
        )
        print("   ", second.as_dict(), flush=True)
    print(f"load average after: {os.getloadavg()}")


def write_clinicians_once(write_clinicians, folder, args):
    from types import SimpleNamespace

    files = SimpleNamespace(
        national=folder / "DAC_NationalDownloadableFile.csv",
        affiliations=folder / "Facility_Affiliation.csv",
        hospitals=folder / "Hospital_General_Information.csv",
    )
    if not files.national.exists():
        print(f"generating {args.clinicians:,} clinicians ...", flush=True)
        write_clinicians(
            folder, clinicians=args.clinicians, seed=args.seed, npi_seed=args.seed,
            hospitals=5000,
        )  # fmt: skip
    return files


if __name__ == "__main__":
    main()

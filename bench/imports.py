"""Times the importers at national scale next to raw COPY of the same file.

Usage, from the checkout, against a database of its own (never the site's):

    bash scripts/db.sh psql -c "CREATE DATABASE sf_import_bench"
    export DATABASE_URL="postgis://postgres@/sf_import_bench?host=$PWD/.data/run"
    DEBUG=true .venv/bin/python manage.py migrate
    DEBUG=true .venv/bin/python bench/imports.py --rows 1000000 --dir /tmp/nppes-bench

Generates the files once (kept in --dir), empties the listing tables, then in
one run: raw COPY of the NPPES main file into a 330-column unlogged table (the
lower bound), import_nppes of that file into an empty directory, the same file
again (unchanged), then raw COPY and import of a Medicare file. `--monthly`
also times next month's file (5% of rows changed) into the directory in use,
twice from the same start: with the search index refreshed once at the end
of the import (`deferred_refresh`, as import_nppes does) and, for comparison,
refreshed by every statement that writes a listing (as before). Prints rows a
second side by side and the peak memory of this process (ru_maxrss).
`--steps` prints how long each step and statement of the imports took.
"""

import argparse
import os
import resource
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def raw_copy(path: Path) -> float:
    """Seconds to COPY the file into an unlogged text table of its width."""
    from django.db import connection

    from providers.importers.copying import expand, read_header

    source = expand([path])[0]
    width = len(read_header(source))
    columns = ", ".join(f"c{i}" for i in range(1, width + 1))
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_raw_copy")
        cursor.execute(
            "CREATE UNLOGGED TABLE bench_raw_copy ("
            + ", ".join(f"c{i} text" for i in range(1, width + 1))
            + ")"
        )
        start = time.perf_counter()
        with (
            open(path, "rb") as f,
            cursor.copy(
                f"COPY bench_raw_copy ({columns}) FROM STDIN (FORMAT csv, HEADER true)"
            ) as copy,
        ):
            while chunk := f.read(1 << 20):
                copy.write(chunk)
        seconds = time.perf_counter() - start
        cursor.execute("DROP TABLE bench_raw_copy")
    return seconds


def reset() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE providers_specialist, providers_location, "
            "providers_historicalspecialist, providers_historicallocation, "
            "providers_importrun CASCADE"
        )


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--medicare-rows", type=int, default=1_000_000)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/nppes-bench"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--all", action="store_true", help="import_nppes --all (every individual)"
    )
    parser.add_argument(
        "--no-medicare", action="store_true", help="time the NPPES import only"
    )
    parser.add_argument(
        "--monthly",
        action="store_true",
        help="also time next month's file (5%% changed), index deferred and in step",
    )
    parser.add_argument(
        "--steps", action="store_true", help="print each step's and statement's time"
    )
    args = parser.parse_args()
    django.setup()
    from django.db import connection

    from providers.demo import catalog
    from providers.importers.generators.medicare import write_medicare
    from providers.importers.generators.nppes import write_nppes
    from providers.importers.medicare.service import import_medicare_services
    from providers.importers.nppes.service import import_nppes
    from providers.importers.nucc.service import import_nucc
    from providers.models import BillingCode, Procedure

    name = connection.settings_dict["NAME"]
    if "bench" not in name:
        sys.exit(f"Refusing to empty {name!r}: use a database named *bench*.")
    args.dir.mkdir(parents=True, exist_ok=True)
    main_file = args.dir / f"npidata_pfile_20050523-20261109_{args.rows}.csv"
    medicare_file = args.dir / f"medicare_{args.medicare_rows}.csv"
    if not main_file.exists():
        print(f"generating {args.rows:,} NPPES rows ...", flush=True)
        generated = write_nppes(args.dir, rows=args.rows, seed=args.seed, quirks=True)
        generated.main.rename(main_file)
    if not medicare_file.exists() and not args.no_medicare:
        print(f"generating {args.medicare_rows:,} Medicare rows ...", flush=True)
        write_medicare(
            medicare_file, rows=args.medicare_rows, npis=args.rows,
            npi_seed=args.seed,
        )  # fmt: skip
    reset()
    import_nucc(Path(catalog.__file__).with_name("nucc_spine.csv"))
    for slug, name_, _, _ in catalog.PROCEDURES:
        Procedure.objects.get_or_create(slug=slug, defaults={"name": name_})
    procedures = {p.slug: p for p in Procedure.objects.all()}
    for slug, code, label, add_on in catalog.BILLING_CODES:
        BillingCode.objects.get_or_create(
            code=code,
            defaults={"procedure": procedures[slug], "label": label, "add_on": add_on},
        )

    results = []
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (backend,) = cursor.fetchone()

    def cpu() -> float:
        """CPU seconds of this process (every thread) and its PostgreSQL
        session: the work, whatever else the machine runs."""
        with open(f"/proc/{backend}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        ticks = os.sysconf("SC_CLK_TCK")
        return time.process_time() + (int(fields[11]) + int(fields[12])) / ticks

    def record(label, rows, seconds, target=None, used=None):
        rate = rows / seconds
        results.append((label, rows, seconds, rate, target))
        work = f" {used:>7.1f} s CPU" if used is not None else ""
        print(
            f"{label:<44} {rows:>10,} rows {seconds:>8.1f} s {rate:>10,.0f} rows/s"
            + work
        )

    print(f"load average before: {os.getloadavg()}", flush=True)
    started = cpu()
    record(
        "NPPES raw COPY (lower bound)",
        args.rows,
        raw_copy(main_file),
        used=cpu() - started,
    )
    scope = "--all" if args.all else "spine specialties"
    started = cpu()
    steps = {"log": print, "verbose": True} if args.steps else {}
    first = import_nppes([main_file], everyone=args.all, **steps)
    record(
        f"import_nppes, empty directory ({scope})",
        args.rows,
        first.seconds,
        100_000,
        used=cpu() - started,
    )
    print("   ", {k: v for k, v in first.as_dict().items() if k != "files"})
    started = cpu()
    again = import_nppes([main_file], everyone=args.all, **steps)
    record(
        "import_nppes, same file again (unchanged)",
        args.rows,
        again.seconds,
        200_000,
        used=cpu() - started,
    )
    print("   ", {k: v for k, v in again.as_dict().items() if k != "files"})
    if args.monthly:
        monthly(args, main_file, record, cpu)
    if not args.no_medicare:
        record(
            "Medicare raw COPY (lower bound)",
            args.medicare_rows,
            raw_copy(medicare_file),
        )
        medicare = import_medicare_services(medicare_file, year=2023)
        record(
            "import_medicare_services", args.medicare_rows, medicare.seconds, 200_000
        )
        print("   ", medicare.as_dict())
    print(f"peak memory of this process: {peak_mb():.0f} MB (target < 1,000 MB)")
    print(f"load average after: {os.getloadavg()}")


def monthly(args, main_file: Path, record, cpu) -> None:
    """Next month's file into the directory the first load made: deferred
    (today) and in step (before), each from the same start."""
    import contextlib
    from datetime import date

    from providers.importers.generators.nppes import write_nppes
    from providers.importers.nppes import service

    month_dir = args.dir / f"monthly_{args.rows}"
    if not month_dir.exists():
        print("generating next month's file (5% changed) ...", flush=True)
        write_nppes(
            month_dir, rows=args.rows, seed=args.seed, quirks=True, changed=0.05,
            file_date=date(2026, 12, 14),
        )  # fmt: skip
    next_file = next(month_dir.glob("npidata_pfile_*.csv"))
    record("NPPES raw COPY of next month (lower bound)", args.rows, raw_copy(next_file))
    deferred = service.deferred_refresh
    for label, refresh in [
        ("search index refreshed once, at the end", deferred),
        ("search index refreshed in step (before)", contextlib.nullcontext),
    ]:
        reset()
        service.import_nppes([main_file], everyone=args.all)
        service.deferred_refresh = refresh
        try:
            started = cpu()
            summary = service.import_nppes([next_file], everyone=args.all)
        finally:
            service.deferred_refresh = deferred
        record(f"next month, {label}", args.rows, summary.seconds, used=cpu() - started)
        print("   ", {k: v for k, v in summary.as_dict().items() if k != "files"})


if __name__ == "__main__":
    main()

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
from datetime import date
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
    folder = args.dir / str(args.clinicians)
    folder.mkdir(parents=True, exist_ok=True)
    nppes = folder / "npidata_pfile_20050523-20261109.csv"
    if not nppes.exists():
        print(f"generating {args.clinicians:,} NPPES rows ...", flush=True)
        write_nppes(folder, rows=args.clinicians, seed=args.seed)
    files = write_clinicians_once(write_clinicians, folder, args)
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

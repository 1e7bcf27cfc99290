"""Writes NPPES dissemination files (npidata_pfile, pl_pfile) for tests and demos."""

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand

from providers.importers.generators.nppes import write_nppes


class Command(BaseCommand):
    help = (
        "Write a generated NPPES main file (330 columns) and pl_pfile in the "
        "published layout: valid NPIs, real ZIPs weighted by population, real "
        "NUCC codes. The same --seed gives the same rows."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, required=True)
        parser.add_argument("--out", type=Path, required=True, help="A folder.")
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument(
            "--quirks",
            action="store_true",
            help="Mix in organizations, deactivated and reactivated NPIs, repeated "
            "NPIs, bad check digits, missing names, foreign and unknown ZIPs, "
            "malformed dates; and write the files as published: a byte-order "
            "mark, Windows line ends, a last name in Latin-1 bytes.",
        )
        parser.add_argument(
            "--changed",
            type=float,
            default=0.0,
            help="Share of rows updated since the same seed's earlier file "
            "(new phone and Last Update Date), e.g. 0.05.",
        )
        parser.add_argument(
            "--date",
            type=date.fromisoformat,
            default=date(2026, 11, 9),
            help="The file date, in the file names (default 2026-11-09).",
        )
        parser.add_argument(
            "--old-header",
            action="store_true",
            help='Name the sex column "Provider Gender Code", as before 2023.',
        )
        parser.add_argument("--zip", action="store_true", help="Also zip them.")

    def handle(self, *args, **options):
        generated = write_nppes(
            options["out"],
            rows=options["rows"],
            seed=options["seed"],
            quirks=options["quirks"],
            changed=options["changed"],
            file_date=options["date"],
            old_header=options["old_header"],
            zipped=options["zip"],
            dressed=options["quirks"],
        )
        quirks = ", ".join(f"{k} {v}" for k, v in generated.quirks.items() if v)
        self.stdout.write(
            f"Wrote {generated.rows:,} rows: {generated.main}"
            + (f" and {generated.secondary}" if generated.secondary else "")
            + (f" (quirks: {quirks})" if quirks else "")
        )

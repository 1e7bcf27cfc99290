"""Imports a year of CMS Medicare procedure volumes (by provider and service)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from providers.importers.copying import ImportFileError
from providers.importers.medicare.service import import_medicare_services


class Command(BaseCommand):
    help = (
        "Import 'Medicare Physician & Other Practitioners - by Provider and "
        "Service' for one data year: services and beneficiaries per specialist "
        "and procedure, from the procedures' billing codes."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--year", type=int, required=True, help="The data year.")
        parser.add_argument(
            "--rejects", type=Path, default=Path("medicare_rejects.csv")
        )
        parser.add_argument("--summary-json", type=Path)
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options):
        try:
            summary = import_medicare_services(
                options["file"],
                year=options["year"],
                rejects=options["rejects"],
                progress=not options["no_progress"] and options["verbosity"] >= 1,
            )
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        result = summary.as_dict()
        if options["summary_json"]:
            options["summary_json"].write_text(json.dumps(result, indent=2) + "\n")
        rate = result["read"] / summary.seconds if summary.seconds else 0
        self.stdout.write(
            f"Medicare {options['year']}: "
            + ", ".join(f"{k} {v:,}" for k, v in summary.counts.items())
            + f"; {summary.seconds:.1f} s ({rate:,.0f} rows/s)."
        )

"""Imports a year of CMS Medicare procedure volumes (by provider and service)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from providers.importers.common import default_rejects
from providers.importers.copying import ImportFileError
from providers.importers.medicare.service import import_medicare_services


class Command(BaseCommand):
    help = (
        "Import 'Medicare Physician & Other Practitioners - by Provider and "
        "Service' for one data year: services and beneficiaries per specialist "
        "and procedure, from the procedures' billing codes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", type=Path, help="The CSV file (MUP_PHY_..._Prov_Svc.csv), or a zip."
        )
        parser.add_argument(
            "--year",
            type=int,
            required=True,
            help="The data year; must match the year in the file's name (_D23_ "
            "is 2023).",
        )
        parser.add_argument(
            "--replace-year",
            action="store_true",
            help="Replace the year even when the file's name says another year "
            "or it holds under half the pairs already imported for the year.",
        )
        parser.add_argument(
            "--rejects",
            type=Path,
            default=default_rejects("medicare_rejects.csv"),
            help="Where rejected rows go: file, line, npi, reason "
            "(default: .data/rejects/medicare_rejects.csv).",
        )
        parser.add_argument(
            "--summary-json", type=Path, help="Also write the counts here as JSON."
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="No progress bar."
        )

    def handle(self, *args, **options):
        progress = not options["no_progress"] and options["verbosity"] >= 1
        try:
            summary = import_medicare_services(
                options["file"],
                year=options["year"],
                rejects=options["rejects"],
                progress=progress,
                replace_year=options["replace_year"],
                log=self.stdout.write if progress else None,
            )
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        except KeyboardInterrupt:
            raise CommandError("Interrupted: the year was left as it was.") from None
        result = summary.as_dict()
        if options["summary_json"]:
            options["summary_json"].write_text(json.dumps(result, indent=2) + "\n")
        rate = result["read"] / summary.seconds if summary.seconds else 0
        self.stdout.write(
            f"Medicare {options['year']}: "
            + ", ".join(f"{k} {v:,}" for k, v in summary.counts.items())
            + f"; {summary.seconds:.1f} s ({rate:,.0f} rows/s)."
        )

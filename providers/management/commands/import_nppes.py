"""Imports NPPES NPI data dissemination files (monthly zip, CSVs, weekly updates)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from providers.importers.common import default_rejects
from providers.importers.copying import ImportFileError
from providers.importers.nppes.service import SUMMARY_KEYS, import_nppes
from providers.models import ListingStatus


class Command(BaseCommand):
    help = (
        "Import NPPES files: the monthly zip itself, or its npidata_pfile and "
        "pl_pfile CSVs, and weekly update files. Individuals with a taxonomy the "
        "directory lists (or --all); rejected rows go to the rejects file."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "files",
            nargs="+",
            type=Path,
            help="The monthly zip, or its npidata_pfile and pl_pfile CSVs, or "
            "weekly update files; main files are taken oldest first by the dates "
            "in their names.",
        )
        parser.add_argument(
            "--all",
            action="store_true",
            help="Keep every valid individual, not only the directory's specialties.",
        )
        parser.add_argument(
            "--status",
            choices=[ListingStatus.PUBLISHED, ListingStatus.PENDING_REVIEW],
            default=ListingStatus.PUBLISHED,
            help="Status of new listings (default: published).",
        )
        parser.add_argument(
            "--rejects",
            type=Path,
            default=default_rejects("nppes_rejects.csv"),
            help="Where rejected rows go: file, line, npi, reason "
            "(default: .data/rejects/nppes_rejects.csv).",
        )
        parser.add_argument(
            "--summary-json", type=Path, help="Write the final counts here as JSON."
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="No progress bar or steps."
        )
        parser.add_argument(
            "--search-index-later",
            action="store_true",
            help="Into an empty directory only: leave the search index empty "
            "(searches find no one) for one rebuild_search_index after further "
            "loads, instead of building it here and again after them. Has no "
            "effect on a directory in use.",
        )

    def handle(self, *args, **options):
        log = None if options["verbosity"] < 1 else self.stdout.write
        try:
            summary = import_nppes(
                options["files"],
                status=options["status"],
                everyone=options["all"],
                rejects=options["rejects"],
                progress=not options["no_progress"] and options["verbosity"] >= 1,
                log=log,
                verbose=options["verbosity"] >= 2,
                search_index_later=options["search_index_later"],
            )
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        except KeyboardInterrupt:
            raise CommandError(
                "Interrupted: the file being imported was left as it was (files "
                "before it are imported); run the command again."
            ) from None
        result = summary.as_dict()
        if options["summary_json"]:
            options["summary_json"].write_text(json.dumps(result, indent=2) + "\n")
        line = ", ".join(f"{key} {result[key]:,}" for key in SUMMARY_KEYS[:-1])
        rate = result["read"] / summary.seconds if summary.seconds else 0
        self.stdout.write(
            f"NPPES: {line}; {summary.seconds:.1f} s ({rate:,.0f} rows/s). "
            f"Rejected rows: {options['rejects']}"
        )

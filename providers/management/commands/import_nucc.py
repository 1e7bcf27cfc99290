"""Imports the NUCC taxonomy code set as the directory's specialties."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from providers.importers.copying import ImportFileError
from providers.importers.nucc.service import import_nucc, write_rejects


class Command(BaseCommand):
    help = (
        "Create or rename specialties from a NUCC taxonomy CSV (upsert by code, "
        "names from Display Name). providers/demo/nucc_spine.csv holds the spine "
        "codes."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--rejects",
            type=Path,
            help="write the rows refused to this CSV (file, line, code, reason)",
        )

    def handle(self, *args, **options):
        try:
            summary = import_nucc(options["file"])
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        for line, _code, reason in summary.rejects:
            self.stderr.write(f"Rejected line {line}: {reason}")
        if options["rejects"]:
            write_rejects(summary, options["file"].name, options["rejects"])
        self.stdout.write(
            f"NUCC: read {summary.read}, created {summary.created}, updated "
            f"{summary.updated}, unchanged {summary.unchanged}, rejected "
            f"{summary.rejected}."
        )

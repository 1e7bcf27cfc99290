"""Imports the NUCC taxonomy code set as the directory's specialties."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from providers.importers.copying import ImportFileError
from providers.importers.nucc.service import import_nucc


class Command(BaseCommand):
    help = (
        "Create or rename specialties from a NUCC taxonomy CSV (upsert by code, "
        "names from Display Name). providers/demo/nucc_spine.csv holds the spine "
        "codes."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, **options):
        try:
            summary = import_nucc(options["file"])
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        for reject in summary.rejects:
            self.stderr.write(f"Rejected {reject}")
        self.stdout.write(
            f"NUCC: read {summary.read}, created {summary.created}, updated "
            f"{summary.updated}, unchanged {summary.unchanged}, rejected "
            f"{summary.rejected}."
        )

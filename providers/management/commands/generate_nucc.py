"""Writes a NUCC taxonomy code set CSV in the published layout."""

from pathlib import Path

from django.core.management.base import BaseCommand

from providers.importers.generators.nucc import write_nucc


class Command(BaseCommand):
    help = (
        "Write a NUCC Health Care Provider Taxonomy code set CSV (the published "
        "header) with the real codes the generators use."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", type=Path, required=True, help="The file.")

    def handle(self, *args, **options):
        path = write_nucc(options["out"])
        self.stdout.write(f"Wrote {path}")

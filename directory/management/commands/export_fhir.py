from pathlib import Path

from django.core.management.base import BaseCommand
from tqdm import tqdm

from directory.fhir.export import export_directory


class Command(BaseCommand):
    help = (
        "Writes the whole public directory as FHIR NDJSON, one file per resource "
        "type (Practitioner.ndjson, PractitionerRole.ndjson, Location.ndjson, "
        "HealthcareService.ndjson), into DIR."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, metavar="DIR")
        parser.add_argument(
            "--validate",
            action="store_true",
            help="Check every resource with fhir.resources (about ten times slower).",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="No progress bars."
        )

    def handle(self, *args, directory, validate, no_progress, **options):
        def progress(rows, resource_type, total):
            return tqdm(
                rows,
                desc=resource_type,
                total=total,
                unit=" resources",
                unit_scale=True,
                file=self.stderr._out,
            )

        counts = export_directory(
            directory, validate=validate, progress=None if no_progress else progress
        )
        for resource_type, count in counts.items():
            self.stdout.write(f"{resource_type}: {count:,} resources")
        self.stdout.write(self.style.SUCCESS(f"Written to {directory}/"))

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from fhir_api.export import default_jobs, export_directory


class Command(BaseCommand):
    help = (
        "Writes the whole public directory as FHIR NDJSON, one file per resource "
        "type (Practitioner.ndjson, PractitionerRole.ndjson, Location.ndjson, "
        "HealthcareService.ndjson, Organization.ndjson: groups and hospitals), "
        "into DIR, from one consistent snapshot."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, metavar="DIR")
        parser.add_argument(
            "--jobs",
            type=int,
            default=default_jobs(),
            metavar="N",
            help="Worker processes writing files side by side, one per file at "
            "most (default: the number of CPUs; 1 writes them in this process).",
        )
        parser.add_argument(
            "--validate",
            action="store_true",
            help="Check every resource with fhir.resources (about ten times slower).",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="No progress bars."
        )

    def handle(self, *args, directory, jobs, validate, no_progress, **options):
        if jobs < 1:
            raise CommandError("--jobs must be 1 or more.")
        if directory.exists() and not directory.is_dir():
            raise CommandError(f"{directory} is a file, not a directory.")
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise CommandError(
                f"Cannot write the export into {directory}: {error.strerror}."
            ) from None
        bars = []

        def progress(resource_type, total):
            bar = tqdm(
                desc=f"{resource_type:<17}",
                total=total,
                unit=" resources",
                unit_scale=True,
                position=len(bars),
                file=self.stderr._out,
            )
            bars.append(bar)
            return bar.update

        try:
            counts = export_directory(
                directory,
                validate=validate,
                progress=None if no_progress else progress,
                jobs=jobs,
            )
        except OSError as error:
            raise CommandError(
                f"Cannot write the export into {directory}: "
                f"{error.strerror or error} ({error.filename or directory})."
            ) from None
        finally:
            for bar in bars:
                bar.close()
        for resource_type, count in counts.items():
            self.stdout.write(f"{resource_type}: {count:,} resources")
        self.stdout.write(self.style.SUCCESS(f"Written to {directory}/"))

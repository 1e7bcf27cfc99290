"""Removes every Medicare procedure volume of one data year."""

from django.core.management.base import BaseCommand, CommandError

from providers.importers.medicare.service import remove_medicare_year
from providers.models import ServiceVolume


class Command(BaseCommand):
    help = (
        "Remove every Medicare procedure volume of a data year (a year imported "
        "by mistake). Profiles then show the latest year left."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="The data year.")
        parser.add_argument(
            "--yes", action="store_true", help="Do it without asking to confirm."
        )

    def handle(self, *args, **options):
        year = options["year"]
        count = ServiceVolume.objects.filter(year=year).count()
        if not count:
            raise CommandError(f"No Medicare volumes of {year} to remove.")
        if not options["yes"]:
            raise CommandError(
                f"This removes {count:,} volumes of {year}; run again with --yes."
            )
        removed = remove_medicare_year(year)
        self.stdout.write(f"Removed {removed:,} Medicare volumes of {year}.")

"""Imports the Doctors and Clinicians National Downloadable File."""

from providers.importers.clinicians.national import import_clinicians
from providers.management.importing import ImportCommand


class Command(ImportCommand):
    help = (
        "Import CMS Doctors and Clinicians' National Downloadable File "
        "(DAC_NationalDownloadableFile.csv): practice locations, groups, "
        "Medicare assignment, telehealth and education of the clinicians the "
        "directory lists. Run it after import_nppes."
    )
    label = "Clinicians"
    rejects_name = "clinicians_rejects.csv"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--allow-shrink",
            action="store_true",
            help="Import a file with under half the lines of the last one "
            "(refused otherwise, as a download cut short).",
        )

    def run(self, options, *, progress, log):
        return import_clinicians(
            options["file"],
            month=options["month"],
            rejects=options["rejects"],
            allow_shrink=options["allow_shrink"],
            progress=progress,
            log=log,
        )

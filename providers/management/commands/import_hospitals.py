"""Imports Hospital General Information (hospitals by CCN)."""

from providers.importers.clinicians.hospitals import import_hospitals
from providers.management.importing import ImportCommand


class Command(ImportCommand):
    help = (
        "Import CMS Hospital General Information (Hospital_General_Information"
        ".csv): hospitals by CCN. Run it before import_affiliations."
    )
    label = "Hospitals"
    rejects_name = "hospitals_rejects.csv"

    def run(self, options, *, progress, log):
        return import_hospitals(
            options["file"],
            month=options["month"],
            rejects=options["rejects"],
            progress=progress,
            log=log,
        )

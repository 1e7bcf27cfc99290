"""Imports the Doctors and Clinicians Facility Affiliation file."""

from providers.importers.clinicians.affiliations import import_affiliations
from providers.management.importing import ImportCommand


class Command(ImportCommand):
    help = (
        "Import CMS Doctors and Clinicians' Facility Affiliation file "
        "(Facility_Affiliation.csv): the hospitals each listed clinician is "
        "affiliated with. Run it after import_hospitals and import_clinicians."
    )
    label = "Affiliations"
    rejects_name = "affiliations_rejects.csv"

    def run(self, options, *, progress, log):
        return import_affiliations(
            options["file"],
            month=options["month"],
            rejects=options["rejects"],
            progress=progress,
            log=log,
        )

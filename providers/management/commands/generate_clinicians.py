"""Writes the Doctors and Clinicians files and Hospital General Information."""

from pathlib import Path

from django.core.management.base import BaseCommand

from providers.importers.generators.clinicians import write_clinicians


class Command(BaseCommand):
    help = (
        "Write DAC_NationalDownloadableFile.csv, Facility_Affiliation.csv and "
        "Hospital_General_Information.csv in CMS's published layouts, for the "
        "NPIs of generate_nppes run with --npi-seed (about two lines a "
        "clinician). The same --seed writes the same files."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--clinicians", type=int, required=True, help="How many clinicians."
        )
        parser.add_argument("--out", type=Path, required=True, help="A folder.")
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument(
            "--npi-seed",
            type=int,
            default=0,
            help="The --seed of the generate_nppes run whose NPIs to use.",
        )
        parser.add_argument(
            "--hospitals",
            type=int,
            help="How many hospitals (default: one per 200 clinicians).",
        )
        parser.add_argument(
            "--quirks",
            action="store_true",
            help="Mix in NPIs NPPES does not know, invalid NPIs, malformed ZIPs, "
            "formatted phones and blank member counts; and write the files as "
            "published: a byte-order mark, Windows line ends, a name in Latin-1 "
            "bytes, a line twice.",
        )

    def handle(self, *args, **options):
        written = write_clinicians(
            options["out"],
            clinicians=options["clinicians"],
            seed=options["seed"],
            npi_seed=options["npi_seed"],
            hospitals=options["hospitals"],
            quirks=options["quirks"],
        )
        self.stdout.write(
            f"Wrote {written.lines:,} lines for {written.clinicians:,} clinicians: "
            f"{written.national}, {written.affiliations}, {written.hospitals}"
        )

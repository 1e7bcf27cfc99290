"""Writes a Medicare Physician & Other Practitioners by Provider and Service file."""

from pathlib import Path

from django.core.management.base import BaseCommand

from providers.importers.generators.medicare import write_medicare


class Command(BaseCommand):
    help = (
        "Write a 'Medicare Physician & Other Practitioners - by Provider and "
        "Service' file in the published layout, for the NPIs of generate_nppes "
        "run with --npi-seed. Name it ..._D23_... for data year 2023."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, required=True, help="How many rows.")
        parser.add_argument(
            "--npis",
            type=int,
            required=True,
            help="Draw NPIs from the first this many of the NPPES generator's.",
        )
        parser.add_argument(
            "--out",
            type=Path,
            required=True,
            help="The file to write, e.g. MUP_PHY_R25_P05_V10_D23_Prov_Svc.csv.",
        )
        parser.add_argument("--seed", type=int, default=0, help="Same seed, same rows.")
        parser.add_argument(
            "--npi-seed", type=int, default=0, help="The generate_nppes --seed."
        )
        parser.add_argument(
            "--quirks",
            action="store_true",
            help="Write the file as published beyond its layout: a byte-order "
            "mark, Windows line ends, a name in Latin-1 bytes, a line twice.",
        )

    def handle(self, *args, **options):
        path = write_medicare(
            options["out"],
            rows=options["rows"],
            npis=options["npis"],
            seed=options["seed"],
            npi_seed=options["npi_seed"],
            quirks=options["quirks"],
        )
        self.stdout.write(f"Wrote {options['rows']:,} rows: {path}")

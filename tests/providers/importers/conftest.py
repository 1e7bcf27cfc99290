"""Files in the published layouts, written by our generators, for importer tests."""

from datetime import date
from pathlib import Path

import pytest

from geo.zip_table import ensure_zip_centroids
from providers.demo import catalog
from providers.importers.generators.nppes import (
    NppesWriter,
    npi_for,
    write_main_rows,
    write_secondary_rows,
)
from providers.importers.layouts import NPPES_COLUMNS
from providers.models import Specialty

FILE = "npidata_pfile_20050523-20261109.csv"
NEWER = "npidata_pfile_20050523-20261214.csv"
SPINE = "207XS0117X"  # Orthopaedic Surgery of the Spine, in the demo catalog
FAMILY_MEDICINE = "207Q00000X"  # not a specialty of the directory
LICENSE = "MD123456"  # the default row's Pennsylvania license, for SPINE


@pytest.fixture(scope="session", autouse=True)
def _zip_table(django_db_setup, django_db_blocker):
    """The gazetteer's ZIPs, loaded once for the whole session."""
    with django_db_blocker.unblock():
        ensure_zip_centroids()


@pytest.fixture
def spine_specialties(db):
    return [
        Specialty.objects.create(code=code, name=name, slug=f"s-{code.lower()}")
        for code, name in catalog.SPECIALTIES
    ]


class Rows:
    """Builds NPPES rows by column name from the generator's realistic rows."""

    def __init__(self):
        self.writer = NppesWriter(seed=7, file_date=date(2026, 11, 9))
        self.count = 0

    def individual(self, npi: str | None = None, **values) -> list[str]:
        self.count += 1
        row = self.writer.individual(npi or npi_for(self.count, seed=7))
        # A plain spine surgeon unless the test says otherwise.
        defaults = {
            "Provider Last Name (Legal Name)": "SMITH",
            "Provider First Name": "JANE",
            "Provider Middle Name": "",
            "Provider Credential Text": "M.D.",
            "Healthcare Provider Taxonomy Code_1": SPINE,
            "Provider License Number_1": LICENSE,
            "Provider License Number State Code_1": "PA",
            "Healthcare Provider Primary Taxonomy Switch_1": "Y",
            **{
                name.format(k): ""
                for k in (2, 3)
                for name in (
                    "Healthcare Provider Taxonomy Code_{}",
                    "Provider License Number_{}",
                    "Provider License Number State Code_{}",
                    "Healthcare Provider Primary Taxonomy Switch_{}",
                )
            },
            "Provider First Line Business Practice Location Address": "200 LOTHROP ST",
            "Provider Second Line Business Practice Location Address": "",
            "Provider Business Practice Location Address City Name": "PITTSBURGH",
            "Provider Business Practice Location Address State Name": "PA",
            "Provider Business Practice Location Address Postal Code": "15213",
            "Provider Business Practice Location Address Telephone Number": (
                "4125551234"
            ),
            "Last Update Date": "06/01/2026",
        }
        for name, value in (defaults | self.named(values)).items():
            self.writer.set(row, name, value)
        return row

    def organization(self, npi: str) -> list[str]:
        return self.writer.organization(npi)

    def deactivated(self, npi: str, on: str = "10/01/2026", reason="DT"):
        row = self.writer.deactivated(npi)
        self.writer.set(row, "NPI Deactivation Date", on)
        self.writer.set(row, "NPI Deactivation Reason Code", reason)
        return row

    @staticmethod
    def named(values: dict) -> dict:
        """Keyword shortcuts: last_name="DOE" -> "Provider Last Name (Legal Name)"."""
        short = {
            "last_name": "Provider Last Name (Legal Name)",
            "first_name": "Provider First Name",
            "credentials": "Provider Credential Text",
            "zip": "Provider Business Practice Location Address Postal Code",
            "country": "Provider Business Practice Location Address Country Code "
            "(If outside U.S.)",
            "phone": "Provider Business Practice Location Address Telephone Number",
            "line1": "Provider First Line Business Practice Location Address",
            "updated": "Last Update Date",
            "taxonomy": "Healthcare Provider Taxonomy Code_1",
        }
        return {short.get(key, key): value for key, value in values.items()}


@pytest.fixture
def rows():
    return Rows()


def write_main(path: Path, rows: list[list[str]], *, header=NPPES_COLUMNS) -> Path:
    return write_main_rows(path, rows, columns=header)


write_secondary = write_secondary_rows

"""Listings as NPPES made them, and lines of the Doctors and Clinicians files
by column name, for the clinician importers' tests."""

from datetime import date

import pytest
from django.utils import timezone

from geo.geocoding import Precision
from geo.points import make_point
from providers.importers.generators.clinicians import write_file
from providers.importers.layouts import (
    AFFILIATION_COLUMNS,
    DAC_COLUMNS,
    HOSPITAL_COLUMNS,
)
from providers.models import Location, Practice, SourceLocation, SourceRecord
from tests.factories import make_specialist

NOVEMBER = date(2026, 11, 1)
DECEMBER = date(2026, 12, 1)


def nppes_listing(**overrides):
    """A published listing with an NPPES record and its NPPES practice address
    at 200 Lothrop St, Pittsburgh, PA 15213."""
    location = Location.objects.create(
        name="Jane Smith, MD",
        address_line1="200 Lothrop St",
        city="Pittsburgh",
        state="PA",
        zip_code="15213",
        phone="4125551234",
        point=make_point(latitude=40.444, longitude=-79.9552),
        precision=Precision.ZIP,
    )
    specialist = make_specialist(locations=[location], **overrides)
    SourceRecord.objects.create(
        specialist=specialist,
        source="nppes",
        file_name="npidata_pfile_20050523-20261109.csv",
        last_update=date(2024, 3, 5),
        row_hash="x",
        values={},
        imported_at=timezone.now(),
    )
    SourceLocation.objects.create(
        specialist=specialist, location=location, kind="primary", address_hash="h"
    )
    return specialist


def line(npi: str, **values) -> dict:
    """One national-file line: a spine surgeon of a group at a Pittsburgh
    office unless the test says otherwise."""
    return {
        "NPI": npi,
        "Ind_PAC_ID": "4183758392",
        "Ind_enrl_ID": "I20040309000221",
        "Provider Last Name": "SMITH",
        "Provider First Name": "JANE",
        "gndr": "F",
        "Cred": "MD",
        "Med_sch": "UNIVERSITY OF PITTSBURGH SCHOOL OF MEDICINE",
        "Grd_yr": "1998",
        "pri_spec": "ORTHOPEDIC SURGERY",
        "Facility Name": "THREE RIVERS SPINE ASSOCIATES",
        "org_pac_id": "1234567890",
        "num_org_mem": "12",
        "adr_ln_1": "3471 FIFTH AVE",
        "adr_ln_2": "SUITE 1010",
        "City/Town": "PITTSBURGH",
        "State": "PA",
        "ZIP Code": "152132582",
        "Telephone Number": "4126470100",
        "ind_assgn": "Y",
        "grp_assgn": "Y",
        "adrs_id": "PA152132582PI3471XSTEX410",
        **values,
    }


@pytest.fixture
def national(tmp_path):
    def write(lines: list[dict], name="DAC_NationalDownloadableFile.csv"):
        return write_file(tmp_path / name, DAC_COLUMNS, lines)

    return write


@pytest.fixture
def affiliation_file(tmp_path):
    def write(lines: list[dict], name="Facility_Affiliation.csv"):
        return write_file(tmp_path / name, AFFILIATION_COLUMNS, lines)

    return write


def hospital(ccn: str, name: str, city: str = "PITTSBURGH", **values) -> dict:
    return {
        "Facility ID": ccn,
        "Facility Name": name,
        "Address": "200 LOTHROP ST",
        "City/Town": city,
        "State": "PA",
        "ZIP Code": "15213",
        "County/Parish": "ALLEGHENY",
        "Telephone Number": "(412) 647-2345",
        "Hospital Type": "Acute Care Hospitals",
        "Hospital Ownership": "Voluntary non-profit - Private",
        "Emergency Services": "Yes",
        "Hospital overall rating": "4",
        **values,
    }


@pytest.fixture
def hospital_file(tmp_path):
    def write(rows: list[dict], name="Hospital_General_Information.csv"):
        return write_file(tmp_path / name, HOSPITAL_COLUMNS, rows)

    return write


def practices_of(specialist) -> dict[str, Practice]:
    """Practices by their location's first address line."""
    return {
        p.location.address_line1: p
        for p in specialist.practices.select_related("location")
    }

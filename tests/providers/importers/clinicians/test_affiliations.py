"""Facility Affiliation: hospital lines with a known CCN become affiliations."""

import pytest

from providers.importers.clinicians.affiliations import import_affiliations
from providers.models import Affiliation, Hospital
from tests.factories import valid_npi
from tests.providers.importers.clinicians.conftest import (
    DECEMBER,
    NOVEMBER,
    nppes_listing,
)

pytestmark = pytest.mark.django_db


def affiliation(npi, ccn, facility_type="Hospital"):
    return {
        "NPI": npi,
        "Provider Last Name": "SMITH",
        "Provider First Name": "JANE",
        "facility_type": facility_type,
        "Facility Affiliations Certification Number": ccn,
    }


def test_only_hospital_lines_with_a_known_ccn_become_affiliations(affiliation_file):
    jane = nppes_listing()
    upmc = Hospital.objects.create(ccn="390164", name="UPMC PRESBYTERIAN")
    path = affiliation_file(
        [
            affiliation(jane.npi, "390164"),
            affiliation(jane.npi, "397001", "Home health agency"),
            affiliation(jane.npi, "999999"),
            affiliation(valid_npi(), "390164"),
        ]
    )

    summary = import_affiliations(path, month=NOVEMBER)

    assert [a.hospital for a in Affiliation.objects.filter(specialist=jane)] == [upmc]
    assert summary.counts["not_hospital"] == 1
    assert summary.counts["unknown_hospital"] == 1
    assert summary.counts["unknown"] == 1
    assert summary.counts["created"] == 1


def test_an_affiliation_missing_from_a_later_file_is_removed(affiliation_file):
    jane = nppes_listing()
    Hospital.objects.create(ccn="390164", name="UPMC PRESBYTERIAN")
    Hospital.objects.create(ccn="390050", name="ALLEGHENY GENERAL")
    import_affiliations(
        affiliation_file(
            [affiliation(jane.npi, "390164"), affiliation(jane.npi, "390050")]
        ),
        month=NOVEMBER,
    )

    summary = import_affiliations(
        affiliation_file([affiliation(jane.npi, "390050")], name="later.csv"),
        month=DECEMBER,
    )

    assert summary.counts["removed"] == 1
    assert [a.hospital.ccn for a in Affiliation.objects.all()] == ["390050"]

"""The CapabilityStatement lists exactly what the views accept."""

import pytest

from fhir_api import codes
from fhir_api.search import RESOURCE_TYPES
from tests.factories import make_procedure, make_specialist

pytestmark = pytest.mark.django_db

# A value each parameter accepts, to check that everything listed works.
SAMPLES = {
    "_id": "1",
    "_lastUpdated": "ge2020-01-01",
    "active": "true",
    "identifier": "1234567893",
    "name": "a",
    "family": "a",
    "given": "a",
    "verification-status": "complete",
    "practitioner": "Practitioner/1",
    "location": "Location/1",
    "specialty": "207X00000X",
    "service": "HealthcareService/kyphoplasty",
    "procedure": "kyphoplasty",
    "new-patient": "newpt",
    "accepts-medicare": "true",
    "organization": "Organization/pac-0042123456",
    "role": "hospital-affiliation",
    "type": "prvgrp",
    "location.near": "40.444|-79.955|25|mi",
    "near": "40.444|-79.955|25|mi",
    "address": "a",
    "address-city": "a",
    "address-state": "PA",
    "address-postalcode": "15213",
    "_count": "5",
    "page": "1",
    "practitioner.identifier": "1234567893",
    "practitioner.name": "a",
    "_total": "accurate",
    "_summary": "count",
    "_elements": "id",
    "_sort": "_lastUpdated",
}


def test_the_limits_and_the_bulk_export_are_stated(fhir, settings):
    settings.FHIR_REQUESTS_PER_MINUTE = 300
    _, statement = fhir("/fhir/metadata")
    text = statement["rest"][0]["documentation"]
    assert "300 requests a minute" in text
    assert "export_fhir" in text
    assert "414" in text


def test_metadata_is_a_valid_capability_statement(fhir):
    status, statement = fhir("/fhir/metadata")
    assert status == 200
    assert statement["fhirVersion"] == "4.0.1"
    assert codes.FHIR_JSON in statement["format"]
    types = [r["type"] for r in statement["rest"][0]["resource"]]
    assert types == [
        "Practitioner",
        "PractitionerRole",
        "Location",
        "HealthcareService",
        "Organization",
    ]


def test_every_listed_parameter_include_and_revinclude_is_accepted(fhir):
    make_procedure(slug="kyphoplasty")
    make_specialist()
    _, statement = fhir("/fhir/metadata")
    for resource in statement["rest"][0]["resource"]:
        assert resource["supportedProfile"] == [codes.PROFILE[resource["type"]]]
        for param in resource["searchParam"]:
            status, body = fhir(
                f"/fhir/{resource['type']}", {param["name"]: SAMPLES[param["name"]]}
            )
            assert status == 200, (resource["type"], param["name"], body)
        for name in resource.get("searchInclude", []):
            assert fhir(f"/fhir/{resource['type']}", {"_include": name})[0] == 200
        for name in resource.get("searchRevInclude", []):
            assert fhir(f"/fhir/{resource['type']}", {"_revinclude": name})[0] == 200


def test_what_the_views_accept_is_listed(fhir):
    _, statement = fhir("/fhir/metadata")
    listed = {
        r["type"]: {p["name"] for p in r["searchParam"]}
        for r in statement["rest"][0]["resource"]
    }
    for name, resource_type in RESOURCE_TYPES.items():
        assert set(resource_type.params) <= listed[name]
        # and a parameter not listed is refused
        status, body = fhir(f"/fhir/{name}", {"not-a-parameter": "x"})
        assert status == 400

"""Each resource type as the API serves it: valid (fhir.resources R4B) and
carrying the NDH must-support elements we claim."""

from datetime import timedelta

import pytest
from django.utils import timezone

from fhir_api import codes
from providers.models import Source, SourceRecord
from tests.factories import (
    PITTSBURGH_15213,
    make_location,
    make_procedure,
    make_specialist,
    make_specialty,
)
from tests.fhir_api.conftest import extension
from web.notice import NOTICE_TEXT

pytestmark = pytest.mark.django_db


def test_practitioner_has_npi_name_degrees_and_languages(fhir):
    specialist = make_specialist(
        first_name="Ana",
        middle_name="M",
        last_name="Pérez",
        credentials="MD, FACS",
        languages=["en", "es"],
    )
    status, practitioner = fhir(f"/fhir/Practitioner/{specialist.pk}")
    assert status == 200
    assert practitioner["meta"]["profile"] == [codes.PROFILE["Practitioner"]]
    assert practitioner["meta"]["lastUpdated"].endswith("Z")
    assert practitioner["active"] is True
    (npi,) = practitioner["identifier"]
    assert npi["system"] == "http://hl7.org/fhir/sid/us-npi"
    assert npi["value"] == specialist.npi
    (name,) = practitioner["name"]
    assert name["family"] == "Pérez" and name["given"] == ["Ana", "M"]
    assert name["text"] == "Ana M Pérez, MD, FACS"
    md, facs = practitioner["qualification"]
    assert md["code"]["coding"][0] == {
        "system": "http://terminology.hl7.org/CodeSystem/v2-0360",
        "code": "MD",
        "display": "Doctor of Medicine",
    }
    assert facs["code"] == {"text": "FACS"}  # not a v2-0360 degree: text only
    languages = [c["coding"][0] for c in practitioner["communication"]]
    assert [(lang["system"], lang["code"]) for lang in languages] == [
        ("urn:ietf:bcp:47", "en"),
        ("urn:ietf:bcp:47", "es"),
    ]


def test_practitioner_shows_the_state_licenses_the_registry_gave(fhir):
    specialist = make_specialist(credentials="MD")
    SourceRecord.objects.create(
        specialist=specialist,
        source=Source.NPPES,
        file_name="npidata_pfile_20050523-20261109.csv",
        row_hash="0" * 32,
        imported_at=timezone.now(),
        values={
            "licenses": [
                {"taxonomy": "207XS0117X", "number": "MD123456", "state": "PA",
                 "primary": True},
                {"taxonomy": "", "number": "0101245", "state": "OH",
                 "primary": False},
            ]
        },
    )  # fmt: skip

    status, practitioner = fhir(f"/fhir/Practitioner/{specialist.pk}")

    assert status == 200
    degree, pennsylvania, ohio = practitioner["qualification"]
    assert degree["code"]["coding"][0]["code"] == "MD"
    assert pennsylvania["identifier"] == [
        {
            "type": {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/v2-0203",
                        "code": "LN",
                        "display": "License number",
                    }
                ]
            },
            "value": "MD123456",
        }
    ]
    assert pennsylvania["code"]["coding"] == [
        {"system": "http://nucc.org/provider-taxonomy", "code": "207XS0117X"}
    ]
    assert pennsylvania["issuer"] == {"display": "State of Pennsylvania"}
    ndh = extension(pennsylvania, codes.PRACTITIONER_QUALIFICATION)
    assert {"url": "status", "valueCode": "active"} in ndh["extension"]
    (where,) = [e for e in ndh["extension"] if e["url"] == "whereValid"]
    assert where["valueCodeableConcept"]["coding"] == [
        {"system": "https://www.usps.com/", "code": "PA"}
    ]
    assert ohio["identifier"][0]["value"] == "0101245"
    assert ohio["code"] == {"text": "State license"}
    assert ohio["issuer"] == {"display": "State of Ohio"}


def test_a_listing_no_import_made_has_only_its_degrees(fhir):
    specialist = make_specialist(credentials="DO")

    status, practitioner = fhir(f"/fhir/Practitioner/{specialist.pk}")

    assert status == 200
    (degree,) = practitioner["qualification"]
    assert "identifier" not in degree


def test_practitioner_role_links_practitioner_location_specialty_and_procedures(fhir):
    spine = make_specialty(code="207XS0117X", name="Orthopaedic Surgery of the Spine")
    kypho = make_procedure(name="Kyphoplasty", slug="kyphoplasty")
    location = make_location(name="Spine Center", phone="(412) 555-0199")
    specialist = make_specialist(
        locations=[location],
        specialties=[spine],
        procedures=[kypho],
        accepting_new_patients=True,
    )
    role_id = specialist.practices.get().pk
    status, role = fhir(f"/fhir/PractitionerRole/{role_id}")
    assert status == 200
    assert role["meta"]["profile"] == [codes.PROFILE["PractitionerRole"]]
    assert role["active"] is True
    assert role["practitioner"]["reference"] == f"Practitioner/{specialist.pk}"
    assert role["location"] == [
        {"reference": f"Location/{location.pk}", "display": "Spine Center"}
    ]
    assert role["specialty"][0]["coding"] == [
        {
            "system": codes.NUCC,
            "code": "207XS0117X",
            "display": "Orthopaedic Surgery of the Spine",
        }
    ]
    assert role["healthcareService"] == [
        {"reference": "HealthcareService/kyphoplasty", "display": "Kyphoplasty"}
    ]
    assert role["telecom"] == [
        {"system": "phone", "value": "(412) 555-0199", "use": "work"}
    ]
    accepting = extension(role, codes.NEW_PATIENTS)["extension"][0]
    assert accepting["url"] == "acceptingPatients"
    assert accepting["valueCodeableConcept"]["coding"][0]["code"] == "newpt"
    assert accepting["valueCodeableConcept"]["coding"][0]["system"] == (
        "http://hl7.org/fhir/us/ndh/CodeSystem/AcceptingPatientsCS"
    )


def test_practitioner_role_narrative_carries_the_notice(fhir):
    specialist = make_specialist()
    status, role = fhir(f"/fhir/PractitionerRole/{specialist.practices.get().pk}")
    assert role["text"]["status"] == "generated"
    assert NOTICE_TEXT in role["text"]["div"]


def test_not_accepting_new_patients_is_nopt(fhir):
    specialist = make_specialist(accepting_new_patients=False)
    _, role = fhir(f"/fhir/PractitionerRole/{specialist.practices.get().pk}")
    accepting = extension(role, codes.NEW_PATIENTS)["extension"][0]
    assert accepting["valueCodeableConcept"]["coding"][0]["code"] == "nopt"


def test_new_patients_not_known_is_neither_newpt_nor_nopt(fhir):
    specialist = make_specialist()  # no source and not the provider said

    _, role = fhir(f"/fhir/PractitionerRole/{specialist.practices.get().pk}")

    urls = [item["url"] for item in role.get("extension", [])]
    assert codes.NEW_PATIENTS not in urls


def test_verification_status_and_last_verified_date(fhir, settings):
    settings.LISTING_STALE_AFTER_DAYS = 90
    today = timezone.localdate()
    fresh = make_specialist(last_verified=today - timedelta(days=10))
    stale = make_specialist(last_verified=today - timedelta(days=200))
    never = make_specialist(last_verified=None)
    found = {}
    for specialist in (fresh, stale, never):
        _, role = fhir(f"/fhir/PractitionerRole/{specialist.practices.get().pk}")
        status = extension(role, codes.VERIFICATION_STATUS)["valueCodeableConcept"]
        found[specialist.pk] = status["coding"][0]["code"]
        dates = [e for e in role["extension"] if e["url"] == codes.LAST_VERIFIED]
        expected = (
            [specialist.last_verified.isoformat()] if specialist.last_verified else []
        )
        assert [e["valueDate"] for e in dates] == expected
    assert found == {
        fresh.pk: "complete",
        stale.pk: "incomplete",
        never.pk: "incomplete",
    }


def test_location_position_is_latitude_and_longitude_the_right_way_round(fhir):
    location = make_location(
        **PITTSBURGH_15213,
        name="Oakland Clinic",
        address_line1="1 Forbes Ave",
        city="Pittsburgh",
        state="PA",
        zip_code="15213",
        phone="(412) 555-0100",
        hours="Monday to Friday, 8 am to 5 pm; Saturday, 9 am to noon",
    )
    make_specialist(locations=[location])
    status, resource = fhir(f"/fhir/Location/{location.pk}")
    assert status == 200
    assert resource["meta"]["profile"] == [codes.PROFILE["Location"]]
    assert resource["status"] == "active"
    assert resource["position"] == {"latitude": 40.444, "longitude": -79.9552}
    assert resource["address"] == {
        "use": "work",
        "type": "physical",
        "line": ["1 Forbes Ave"],
        "city": "Pittsburgh",
        "state": "PA",
        "postalCode": "15213",
        "country": "US",
    }
    assert resource["telecom"][0]["value"] == "(412) 555-0100"
    assert resource["hoursOfOperation"] == [
        {
            "daysOfWeek": ["mon", "tue", "wed", "thu", "fri"],
            "openingTime": "08:00:00",
            "closingTime": "17:00:00",
        },
        {"daysOfWeek": ["sat"], "openingTime": "09:00:00", "closingTime": "12:00:00"},
    ]


def test_hours_that_do_not_parse_are_kept_as_written(fhir):
    location = make_location(hours="By appointment; call first")
    make_specialist(locations=[location])
    _, resource = fhir(f"/fhir/Location/{location.pk}")
    assert "hoursOfOperation" not in resource
    assert resource["availabilityExceptions"] == "By appointment; call first"


def test_procedure_is_a_healthcare_service(fhir):
    make_procedure(name="Vertebroplasty", slug="vertebroplasty", summary="Cement.")
    status, service = fhir("/fhir/HealthcareService/vertebroplasty")
    assert status == 200
    assert service["meta"]["profile"] == [codes.PROFILE["HealthcareService"]]
    assert service["active"] is True
    assert service["category"][0]["coding"][0]["code"] == "prov"
    assert service["name"] == "Vertebroplasty" and service["comment"] == "Cement."

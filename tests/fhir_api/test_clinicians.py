"""The Doctors and Clinicians facts in FHIR: Medicare assignment, groups and
hospitals as Organizations, hospital affiliations."""

import pytest

from fhir_api import codes
from providers.models import EnrollmentLine, Group, Hospital, Practice, Specialist
from tests.factories import PHILADELPHIA_19104, make_location, make_specialist
from tests.fhir_api.conftest import entries, extension, ids

pytestmark = pytest.mark.django_db

NEAR_15213 = "40.444|-79.9552|300|mi"


def _role(specialist) -> Practice:
    return Practice.objects.get(specialist=specialist)


@pytest.fixture
def assignments():
    """Three specialists in Pittsburgh: accepts (Y), may accept (M), not known."""
    made = {}
    for name, assignment in [("Accepts", "Y"), ("May", "M"), ("Unknown", "")]:
        made[name] = make_specialist(last_name=name)
        Practice.objects.filter(specialist=made[name]).update(
            medicare_assignment=assignment
        )
    return made


def test_accepts_medicare_keeps_only_roles_that_accept_assignment(fhir, assignments):
    status, bundle = fhir("/fhir/PractitionerRole", {"accepts-medicare": "true"})
    assert status == 200
    assert ids(bundle) == [str(_role(assignments["Accepts"]).pk)]
    _, bundle = fhir("/fhir/PractitionerRole", {"accepts-medicare": "false"})
    assert sorted(ids(bundle)) == sorted(
        str(_role(assignments[name]).pk) for name in ("May", "Unknown")
    )


def test_accepts_medicare_goes_with_location_near(fhir, assignments):
    far = make_specialist(
        last_name="Far", locations=[make_location(**PHILADELPHIA_19104)]
    )
    Practice.objects.filter(specialist=far).update(medicare_assignment="Y")
    status, bundle = fhir(
        "/fhir/PractitionerRole",
        {"location.near": NEAR_15213, "accepts-medicare": "true"},
    )
    assert status == 200
    assert ids(bundle) == [str(_role(assignments["Accepts"]).pk), str(_role(far).pk)]
    _, bundle = fhir(
        "/fhir/PractitionerRole",
        {"location.near": "40.444|-79.9552|50|mi", "accepts-medicare": "true"},
    )
    assert ids(bundle) == [str(_role(assignments["Accepts"]).pk)]


def test_a_role_says_what_medicare_assignment_it_has_and_nothing_when_unknown(
    fhir, assignments
):
    _, role = fhir(f"/fhir/PractitionerRole/{_role(assignments['Accepts']).pk}")
    said = extension(role, codes.MEDICARE_ASSIGNMENT)["valueCodeableConcept"]
    assert said["coding"][0]["code"] == "accepts"
    assert said["text"] == "Accepts Medicare assignment"
    _, role = fhir(f"/fhir/PractitionerRole/{_role(assignments['May']).pk}")
    said = extension(role, codes.MEDICARE_ASSIGNMENT)["valueCodeableConcept"]
    assert said["text"] == "May accept Medicare assignment"
    _, role = fhir(f"/fhir/PractitionerRole/{_role(assignments['Unknown']).pk}")
    urls = [e["url"] for e in role.get("extension", [])]
    assert codes.MEDICARE_ASSIGNMENT not in urls


def test_accepts_medicare_takes_true_or_false_only(fhir):
    status, outcome = fhir("/fhir/PractitionerRole", {"accepts-medicare": "yes"})
    assert status == 400
    assert outcome["issue"][0]["expression"] == ["http.accepts-medicare"]


def test_the_capability_statement_lists_accepts_medicare(fhir):
    _, statement = fhir("/fhir/metadata")
    (roles,) = [
        r for r in statement["rest"][0]["resource"] if r["type"] == "PractitionerRole"
    ]
    names = [p["name"] for p in roles["searchParam"]]
    assert "accepts-medicare" in names


# Groups and hospitals ----------------------------------------------------------


@pytest.fixture
def group_practice():
    """A published specialist at one Pittsburgh address through a group, and a
    hospital."""
    specialist = make_specialist(last_name="Grouped")
    practice = _role(specialist)
    group = Group.objects.create(
        pac_id="0042123456", name="STEEL CITY SPINE", members=12
    )
    EnrollmentLine.objects.create(
        specialist=specialist,
        location=practice.location,
        address_id="PA-1",
        group=group,
        assignment="Y",
    )
    hospital = Hospital.objects.create(
        ccn="390164",
        name="UPMC PRESBYTERIAN",
        address="200 LOTHROP ST",
        city="PITTSBURGH",
        state="PA",
        zip_code="15213",
        phone="(412) 647-2345",
    )
    return specialist, practice, group, hospital


def test_a_role_references_its_group_as_organization(fhir, group_practice):
    _, practice, group, _ = group_practice
    _, role = fhir(f"/fhir/PractitionerRole/{practice.pk}")
    assert role["organization"] == {
        "reference": "Organization/pac-0042123456",
        "display": "STEEL CITY SPINE",
    }
    solo = _role(make_specialist(last_name="Solo"))
    _, role = fhir(f"/fhir/PractitionerRole/{solo.pk}")
    assert "organization" not in role


def test_a_group_reads_as_an_organization_with_its_pac_id(fhir, group_practice):
    status, organization = fhir("/fhir/Organization/pac-0042123456")
    assert status == 200
    assert organization["meta"]["profile"] == [codes.PROFILE["Organization"]]
    assert organization["name"] == "STEEL CITY SPINE"
    assert organization["identifier"][0]["system"] == codes.PAC_ID
    assert organization["identifier"][0]["value"] == "0042123456"
    assert organization["type"][0]["coding"][0]["code"] == "prvgrp"


def test_a_hospital_reads_as_an_organization_with_its_ccn(fhir, group_practice):
    status, organization = fhir("/fhir/Organization/ccn-390164")
    assert status == 200
    assert organization["identifier"][0]["system"] == codes.CCN
    assert organization["identifier"][0]["value"] == "390164"
    assert organization["type"][0]["coding"][0]["code"] == "fac"
    assert organization["address"][0]["city"] == "PITTSBURGH"
    assert organization["telecom"][0]["value"] == "(412) 647-2345"


def test_an_unknown_organization_is_404(fhir, group_practice):
    status, outcome = fhir("/fhir/Organization/ccn-999999")
    assert status == 404
    assert outcome["resourceType"] == "OperationOutcome"


def test_a_group_without_a_published_clinician_is_not_served(fhir, group_practice):
    specialist, *_ = group_practice
    Specialist.objects.filter(pk=specialist.pk).update(status="suspended")
    status, _ = fhir("/fhir/Organization/pac-0042123456")
    assert status == 404


def test_organizations_are_found_by_name_and_identifier(fhir, group_practice):
    _, bundle = fhir("/fhir/Organization", {"name": "upmc"})
    assert ids(bundle) == ["ccn-390164"]
    _, bundle = fhir("/fhir/Organization", {"name": "steel"})
    assert ids(bundle) == ["pac-0042123456"]
    _, bundle = fhir("/fhir/Organization", {"identifier": f"{codes.CCN}|390164"})
    assert ids(bundle) == ["ccn-390164"]
    _, bundle = fhir("/fhir/Organization", {"identifier": f"{codes.PAC_ID}|390164"})
    assert ids(bundle) == []
    _, bundle = fhir("/fhir/Organization", {"identifier": "0042123456"})
    assert ids(bundle) == ["pac-0042123456"]
    _, bundle = fhir("/fhir/Organization", {"_id": "pac-0042123456,ccn-390164"})
    assert bundle["total"] == 2
    _, bundle = fhir("/fhir/Organization", {"type": "fac"})
    assert ids(bundle) == ["ccn-390164"]


def test_organizations_page_across_groups_and_hospitals(fhir, group_practice):
    for n in range(3):
        Hospital.objects.create(ccn=f"39000{n}", name=f"HOSPITAL {n}")
    _, first = fhir("/fhir/Organization", {"_count": 2, "_sort": "name"})
    assert first["total"] == 5
    names = [r["name"] for r in entries(first)]
    assert names == ["HOSPITAL 0", "HOSPITAL 1"]
    _, last = fhir("/fhir/Organization", {"_count": 2, "_sort": "name", "page": 3})
    assert [r["name"] for r in entries(last)] == ["UPMC PRESBYTERIAN"]
    assert "next" not in [link["relation"] for link in last["link"]]


def test_a_groups_roles_come_by_organization_and_revinclude(fhir, group_practice):
    _, practice, _, _ = group_practice
    make_specialist(last_name="Solo")
    _, bundle = fhir(
        "/fhir/PractitionerRole", {"organization": "Organization/pac-0042123456"}
    )
    assert ids(bundle) == [str(practice.pk)]
    _, bundle = fhir(
        "/fhir/Organization",
        {"_id": "pac-0042123456", "_revinclude": "PractitionerRole:organization"},
    )
    assert ids(bundle, "include") == [str(practice.pk)]
    _, bundle = fhir(
        "/fhir/PractitionerRole",
        {"_id": practice.pk, "_include": "PractitionerRole:organization"},
    )
    assert ids(bundle, "include") == ["pac-0042123456"]

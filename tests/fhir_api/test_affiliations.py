"""Hospital affiliations in FHIR: a PractitionerRole at the hospital for each
(NDH), found by practitioner and by organization, read, paged, counted,
included and exported beside the practice roles."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from fhir_api import codes
from providers.importers.clinicians.affiliations import import_affiliations
from providers.importers.clinicians.hospitals import import_hospitals
from providers.importers.generators.clinicians import write_file
from providers.importers.layouts import AFFILIATION_COLUMNS, HOSPITAL_COLUMNS
from providers.models import (
    Affiliation,
    EnrollmentLine,
    Group,
    Hospital,
    Location,
    Practice,
    Specialist,
)
from tests.factories import make_procedure, make_specialist, make_specialty
from tests.fhir_api.conftest import entries, ids
from tests.providers.importers.clinicians.conftest import (
    DECEMBER,
    NOVEMBER,
    hospital,
)

pytestmark = pytest.mark.django_db

UPMC, ALLEGHENY, MERCY = "390164", "390050", "390028"


def _affiliation(specialist, ccn: str, facility_type: str = "Hospital") -> dict:
    return {
        "NPI": specialist.npi,
        "Provider Last Name": specialist.last_name.upper(),
        "facility_type": facility_type,
        "Facility Affiliations Certification Number": ccn,
    }


def aff(specialist, ccn: str) -> str:
    """The FHIR id of a hospital affiliation's role."""
    return f"aff-{specialist.pk}-{ccn}"


def practice(specialist) -> str:
    return str(Practice.objects.get(specialist=specialist).pk)


@pytest.fixture
def affiliated(tmp_path):
    """Ana (an orthopedic surgeon who performs kyphoplasty) at UPMC and
    Allegheny General, Bob at UPMC, a suspended listing at UPMC; the files as
    CMS publishes them, imported by the importers."""
    kypho = make_procedure(slug="kyphoplasty", name="Kyphoplasty")
    ortho = make_specialty(code="207X00000X", name="Orthopaedic Surgery")
    ana = make_specialist(
        first_name="Ana", last_name="Abbott", procedures=[kypho], specialties=[ortho]
    )
    bob = make_specialist(first_name="Bob", last_name="Baker")
    gone = make_specialist(last_name="Gone", status=Specialist.Status.SUSPENDED)
    hospitals = [
        hospital(UPMC, "UPMC PRESBYTERIAN"),
        hospital(ALLEGHENY, "ALLEGHENY GENERAL HOSPITAL"),
        hospital(MERCY, "UPMC MERCY"),
    ]
    import_hospitals(
        write_file(tmp_path / "hgi.csv", HOSPITAL_COLUMNS, hospitals), month=NOVEMBER
    )
    lines = [
        _affiliation(ana, UPMC),
        _affiliation(ana, ALLEGHENY),
        _affiliation(ana, MERCY, facility_type="Nursing home"),  # not a hospital
        _affiliation(bob, UPMC),
        _affiliation(gone, UPMC),
    ]
    summary = import_affiliations(
        write_file(tmp_path / "fa.csv", AFFILIATION_COLUMNS, lines), month=NOVEMBER
    )
    assert summary.counts["created"] == 4
    return ana, bob, gone


def test_an_affiliation_reads_as_a_role_at_the_hospital_without_a_location(
    fhir, affiliated
):
    ana, *_ = affiliated
    status, role = fhir(f"/fhir/PractitionerRole/{aff(ana, UPMC)}")

    assert status == 200
    assert role["meta"]["profile"] == [codes.PROFILE["PractitionerRole"]]
    assert role["practitioner"]["reference"] == f"Practitioner/{ana.pk}"
    assert role["organization"] == {
        "reference": f"Organization/ccn-{UPMC}",
        "display": "UPMC PRESBYTERIAN",
    }
    (code,) = role["code"]
    assert code["coding"][0]["system"] == codes.ROLE_KIND
    assert code["coding"][0]["code"] == "hospital-affiliation"
    assert role["specialty"][0]["coding"][0]["code"] == "207X00000X"
    # The file says nothing of where, which services, or on what terms.
    for element in ("location", "healthcareService", "telecom", "extension"):
        assert element not in role
    assert "Facility Affiliation file of November 2026" in role["text"]["div"]
    assert "UPMC PRESBYTERIAN, PITTSBURGH, PA" in role["text"]["div"]


def test_a_suspended_listings_affiliation_is_gone_and_an_unknown_one_404(
    fhir, affiliated
):
    ana, _, gone = affiliated

    status, outcome = fhir(f"/fhir/PractitionerRole/{aff(gone, UPMC)}")
    assert status == 410
    assert outcome["issue"][0]["code"] == "deleted"
    status, _ = fhir(f"/fhir/PractitionerRole/{aff(ana, MERCY)}")  # nursing home
    assert status == 404
    status, _ = fhir(f"/fhir/PractitionerRole/aff-{ana.pk}-39016")  # not a CCN
    assert status == 404


def test_a_practitioners_roles_are_their_practices_then_their_hospitals(
    fhir, affiliated
):
    ana, *_ = affiliated
    status, bundle = fhir("/fhir/PractitionerRole", {"practitioner": ana.pk})

    assert status == 200
    assert bundle["total"] == 3
    found = ids(bundle)
    assert found[0] == practice(ana)
    assert sorted(found[1:]) == sorted([aff(ana, UPMC), aff(ana, ALLEGHENY)])
    _, by_npi = fhir("/fhir/PractitionerRole", {"practitioner.identifier": ana.npi})
    assert ids(by_npi) == found


def test_a_hospitals_clinicians_are_found_by_organization(fhir, affiliated):
    ana, bob, _ = affiliated
    _, bundle = fhir("/fhir/PractitionerRole", {"organization": f"ccn-{UPMC}"})
    assert sorted(ids(bundle)) == sorted([aff(ana, UPMC), aff(bob, UPMC)])

    group = Group.objects.create(pac_id="0042123456", name="STEEL CITY SPINE")
    EnrollmentLine.objects.create(
        specialist=bob,
        location=Practice.objects.get(specialist=bob).location,
        address_id="PA-1",
        group=group,
    )
    _, both = fhir(
        "/fhir/PractitionerRole",
        {"organization": f"Organization/ccn-{ALLEGHENY},Organization/pac-0042123456"},
    )
    assert ids(both) == [practice(bob), aff(ana, ALLEGHENY)]


def test_id_takes_either_kind_of_role(fhir, affiliated):
    ana, bob, gone = affiliated
    _, bundle = fhir(
        "/fhir/PractitionerRole",
        {"_id": f"{practice(bob)},{aff(ana, UPMC)},{aff(gone, UPMC)},aff-x-1"},
    )
    assert bundle["total"] == 2
    assert ids(bundle) == [practice(bob), aff(ana, UPMC)]


def test_near_searches_find_practice_roles_only(fhir, affiliated):
    ana, bob, _ = affiliated
    _, bundle = fhir(
        "/fhir/PractitionerRole", {"location.near": "40.444|-79.9552|25|mi"}
    )
    assert sorted(ids(bundle)) == sorted([practice(ana), practice(bob)])
    assert bundle["total"] == 2


@pytest.mark.parametrize(
    "params",
    [
        {"location": "Location/{location}"},
        {"service": "HealthcareService/kyphoplasty"},
        {"procedure": "kyphoplasty"},
        {"new-patient": "newpt"},
        {"accepts-medicare": "false"},
        {"verification-status": "incomplete"},
    ],
)
def test_parameters_on_what_only_practices_have_leave_affiliations_out(
    fhir, affiliated, params
):
    ana, *_ = affiliated
    Specialist.objects.filter(pk=ana.pk).update(accepting_new_patients=True)
    location = Practice.objects.get(specialist=ana).location_id
    params = {k: v.format(location=location) for k, v in params.items()}
    _, bundle = fhir("/fhir/PractitionerRole", {"practitioner": ana.pk, **params})
    assert ids(bundle) == [practice(ana)]


def test_specialty_and_role_find_affiliations(fhir, affiliated):
    ana, bob, _ = affiliated
    _, bundle = fhir("/fhir/PractitionerRole", {"specialty": "207X00000X"})
    assert sorted(ids(bundle)) == sorted(
        [practice(ana), aff(ana, UPMC), aff(ana, ALLEGHENY)]
    )
    _, bundle = fhir(
        "/fhir/PractitionerRole",
        {"role": f"{codes.ROLE_KIND}|hospital-affiliation", "practitioner": bob.pk},
    )
    assert ids(bundle) == [aff(bob, UPMC)]
    _, sorted_ = fhir(
        "/fhir/PractitionerRole", {"role": "hospital-affiliation", "_sort": "name"}
    )
    assert ids(sorted_)[-1] == aff(bob, UPMC)  # Abbott's two, then Baker's
    assert sorted_["total"] == 3
    _, bundle = fhir("/fhir/PractitionerRole", {"role": "att"})
    assert "entry" not in bundle


def test_pages_totals_and_sorts_run_across_both_kinds(fhir, affiliated):
    ana, bob, _ = affiliated
    everything = [practice(ana), practice(bob)] + sorted(
        [aff(ana, UPMC), aff(ana, ALLEGHENY), aff(bob, UPMC)]
    )
    seen, page = [], 1
    while True:
        _, bundle = fhir("/fhir/PractitionerRole", {"_count": 2, "page": page})
        assert bundle["total"] == 5
        seen += ids(bundle)
        if "next" not in [link["relation"] for link in bundle["link"]]:
            break
        page += 1
    assert page == 3
    assert sorted(seen) == sorted(everything)
    _, first = fhir("/fhir/PractitionerRole", {"_count": 3})
    _, second = fhir("/fhir/PractitionerRole", {"_count": 3, "page": 2})
    assert ids(first)[:2] == [practice(ana), practice(bob)]  # practices first
    assert ids(first) + ids(second) == seen

    _, count = fhir("/fhir/PractitionerRole", {"_summary": "count"})
    assert count["total"] == 5 and "entry" not in count
    _, count = fhir("/fhir/PractitionerRole", {"_count": 0, "practitioner": bob.pk})
    assert count["total"] == 2
    _, untotalled = fhir("/fhir/PractitionerRole", {"_total": "none"})
    assert "total" not in untotalled

    _, by_name = fhir("/fhir/PractitionerRole", {"_sort": "-name"})
    families = [r["practitioner"]["display"].split()[1] for r in entries(by_name)]
    assert families == ["Baker,"] * 2 + ["Abbott,"] * 3


def test_elements_keep_the_hospital_of_each_affiliation(fhir, affiliated):
    _, bob, _ = affiliated
    _, bundle = fhir(
        "/fhir/PractitionerRole",
        {"practitioner": bob.pk, "_elements": "organization"},
    )
    (practice_role, affiliation) = entries(bundle)
    assert "organization" not in practice_role
    assert affiliation["organization"]["reference"] == f"Organization/ccn-{UPMC}"
    assert set(affiliation) == {"resourceType", "id", "meta", "organization"}


def test_last_updated_moves_with_the_next_months_file(fhir, affiliated, tmp_path):
    ana, bob, _ = affiliated
    long_ago = datetime(2026, 1, 5, tzinfo=UTC)
    Specialist.objects.update(updated=long_ago)
    Hospital.objects.update(updated=long_ago)
    Affiliation.objects.update(updated=long_ago)
    Location.objects.update(updated=long_ago)
    since = (timezone.now() - timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%SZ")

    _, bundle = fhir("/fhir/PractitionerRole", {"_lastUpdated": f"gt{since}"})
    assert "entry" not in bundle
    december = [_affiliation(ana, UPMC), _affiliation(bob, UPMC)]
    import_affiliations(
        write_file(tmp_path / "fa12.csv", AFFILIATION_COLUMNS, december),
        month=DECEMBER,
    )
    _, bundle = fhir("/fhir/PractitionerRole", {"_lastUpdated": f"gt{since}"})
    assert sorted(ids(bundle)) == sorted([aff(ana, UPMC), aff(bob, UPMC)])
    (role,) = [r for r in entries(bundle) if r["id"] == aff(ana, UPMC)]
    assert "December 2026" in role["text"]["div"]
    # Allegheny is no longer in the file: its role is gone.
    status, _ = fhir(f"/fhir/PractitionerRole/{aff(ana, ALLEGHENY)}")
    assert status == 404
    _, bundle = fhir("/fhir/PractitionerRole", {"_lastUpdated": "lt2026-02-01"})
    assert ids(bundle) == [practice(ana), practice(bob)]


def test_includes_bring_the_hospital_and_the_practitioner(fhir, affiliated):
    ana, *_ = affiliated
    _, bundle = fhir(
        "/fhir/PractitionerRole",
        {
            "practitioner": ana.pk,
            "_include": [
                "PractitionerRole:organization",
                "PractitionerRole:practitioner",
                "PractitionerRole:location",
                "PractitionerRole:service",
            ],
        },
    )
    included = {(r["resourceType"], r["id"]) for r in entries(bundle, "include")}
    location = Practice.objects.get(specialist=ana).location_id
    assert included == {
        ("Organization", f"ccn-{UPMC}"),
        ("Organization", f"ccn-{ALLEGHENY}"),
        ("Practitioner", str(ana.pk)),
        ("Location", str(location)),
        ("HealthcareService", "kyphoplasty"),
    }


def test_a_hospital_found_by_name_or_ccn_brings_its_affiliated_roles(fhir, affiliated):
    ana, bob, _ = affiliated
    for params in (
        {"identifier": f"{codes.CCN}|{UPMC}"},
        {"name": "upmc presb"},
    ):
        _, bundle = fhir(
            "/fhir/Organization",
            {**params, "_revinclude": "PractitionerRole:organization"},
        )
        assert ids(bundle) == [f"ccn-{UPMC}"]
        assert sorted(ids(bundle, "include")) == sorted(
            [aff(ana, UPMC), aff(bob, UPMC)]
        )


def test_a_practitioner_brings_all_their_roles_by_revinclude(fhir, affiliated):
    ana, *_ = affiliated
    _, bundle = fhir(
        "/fhir/Practitioner",
        {"identifier": ana.npi, "_revinclude": "PractitionerRole:practitioner"},
    )
    assert sorted(ids(bundle, "include")) == sorted(
        [practice(ana), aff(ana, UPMC), aff(ana, ALLEGHENY)]
    )


def test_the_capability_statement_lists_role_and_hospital_organizations(fhir):
    _, statement = fhir("/fhir/metadata")
    (roles,) = [
        r for r in statement["rest"][0]["resource"] if r["type"] == "PractitionerRole"
    ]
    params = {p["name"]: p for p in roles["searchParam"]}
    assert params["role"]["definition"].endswith("PractitionerRole-role")
    assert "ccn-<CCN>" in params["organization"]["documentation"]
    assert "aff-" in params["_id"]["documentation"]

"""Standard FHIR clients (SMART's fhirclient, fhirpy) against the live test
server, as a new user would drive them: read, search, chained search, count,
and paging to the end. Every resource they receive is validated."""

import warnings

import pytest
from fhirclient import client as smart_client
from fhirclient.models.practitioner import Practitioner
from fhirclient.models.practitionerrole import PractitionerRole
from fhirpy import SyncFHIRClient

from fhir_api import codes
from providers.models import Affiliation, Hospital
from tests.factories import make_location, make_procedure, make_specialist
from tests.fhir_api.conftest import validate

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def directory(settings):
    settings.FHIR_REQUESTS_PER_MINUTE = 0  # a client pages through everything
    kypho = make_procedure(slug="kyphoplasty", name="Kyphoplasty")
    ana = make_specialist(
        first_name="Ana",
        last_name="Peña",
        procedures=[kypho],
        locations=[make_location(), make_location()],
    )
    others = [make_specialist(procedures=[kypho]) for _ in range(24)]
    # Ana and ten others are affiliated with a hospital: 11 roles beside the
    # 26 practice roles.
    upmc = Hospital.objects.create(ccn="390164", name="UPMC PRESBYTERIAN")
    for specialist in [ana, *others[:10]]:
        Affiliation.objects.create(specialist=specialist, hospital=upmc)
    return ana, others


@pytest.fixture
def fhirpy_client(live_server):
    return SyncFHIRClient(f"{live_server.url}/fhir")


@pytest.fixture
def smart(live_server):
    settings = {
        "app_id": "specialist-finder-tests",
        "api_base": f"{live_server.url}/fhir/",
    }
    return smart_client.FHIRClient(settings=settings).server


def test_fhirpy_reads_searches_counts_and_pages_to_the_end(fhirpy_client, directory):
    ana, others = directory
    practitioner = fhirpy_client.reference("Practitioner", str(ana.pk)).to_resource()
    validate(practitioner.serialize())
    assert practitioner["name"][0]["family"] == "Peña"

    found = fhirpy_client.resources("Practitioner").search(identifier=ana.npi).fetch()
    assert [p.id for p in found] == [str(ana.pk)]

    roles = (
        fhirpy_client.resources("PractitionerRole")
        .search(practitioner__identifier=f"{codes.NPI}|{ana.npi}")
        .fetch()
    )
    assert len(roles) == 3  # two practice locations and a hospital
    typed = fhirpy_client.resources("PractitionerRole").search(
        practitioner__Practitioner__name="pena"
    )
    assert len(typed.fetch()) == 3

    assert fhirpy_client.resources("Practitioner").count() == 25
    near = fhirpy_client.resources("PractitionerRole").search(
        location__near="40.444|-79.9552|25|mi", procedure="kyphoplasty"
    )
    assert near.count() == 25

    everyone = fhirpy_client.resources("Practitioner").limit(7).fetch_all()
    assert len(everyone) == 25
    assert len({p.id for p in everyone}) == 25
    for resource in everyone + roles:
        validate(resource.serialize())


def test_fhirpy_sorts_and_asks_for_some_elements(fhirpy_client, directory):
    by_name = (
        fhirpy_client.resources("Practitioner").sort("name").elements("name").fetch()
    )
    families = [p["name"][0]["family"] for p in by_name]
    assert families == sorted(families, key=str.lower)
    for resource in by_name:
        assert "qualification" not in resource
        validate(resource.serialize())


def test_smarts_fhirclient_reads_and_searches(smart, directory):
    ana, _ = directory
    practitioner = Practitioner.read(str(ana.pk), smart)
    assert practitioner.name[0].family == "Peña"
    validate(practitioner.as_json())

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        roles = PractitionerRole.where(
            struct={"practitioner.identifier": ana.npi}
        ).perform_resources(smart)
    assert len(roles) == 3
    assert roles[-1].organization.reference == "Organization/ccn-390164"
    for role in roles:
        assert role.practitioner.reference == f"Practitioner/{ana.pk}"
        validate(role.as_json())


def test_smarts_fhirclient_pages_to_the_end(smart, directory):
    search = Practitioner.where(struct={"_count": "10"})
    pages = list(search.perform_iter(smart))
    assert len(pages) == 3
    resources = [entry.resource for page in pages for entry in page.entry]
    assert len({r.id for r in resources}) == 25
    for page in pages:
        validate(page.as_json())


def test_fhirpy_pages_through_practice_and_hospital_roles_to_the_end(
    fhirpy_client, directory
):
    ana, _ = directory
    roles = fhirpy_client.resources("PractitionerRole")
    assert roles.count() == 26 + 11
    everything = roles.limit(7).fetch_all()
    assert len({r.id for r in everything}) == 37
    at_upmc = roles.search(organization="Organization/ccn-390164").fetch_all()
    assert len(at_upmc) == 11
    read = fhirpy_client.reference(
        "PractitionerRole", f"aff-{ana.pk}-390164"
    ).to_resource()
    assert read["organization"]["display"] == "UPMC PRESBYTERIAN"
    for resource in [*everything, read]:
        validate(resource.serialize())


def test_smarts_fhirclient_pages_through_a_hospitals_roles(smart, directory):
    search = PractitionerRole.where(
        struct={"organization": "Organization/ccn-390164", "_count": "4"}
    )
    pages = list(search.perform_iter(smart))
    assert len(pages) == 3
    roles = [entry.resource for page in pages for entry in page.entry]
    assert len({r.id for r in roles}) == 11
    for page in pages:
        validate(page.as_json())

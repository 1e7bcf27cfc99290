"""What standard FHIR clients send: chained searches, _total, _summary=count,
_elements, _sort, Accept headers, and pages past the end."""

import pytest

from fhir_api import codes
from tests.factories import make_location, make_specialist
from tests.fhir_api.conftest import entries, ids

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_doctors():
    ana = make_specialist(
        first_name="Ana", last_name="Peña", locations=[make_location(), make_location()]
    )
    bo = make_specialist(first_name="Bo", last_name="Smith")
    return ana, bo


def role_practitioners(bundle: dict) -> set[str]:
    return {r["practitioner"]["reference"] for r in entries(bundle)}


def test_roles_by_the_practitioners_npi_through_a_chained_search(fhir, two_doctors):
    ana, _ = two_doctors
    for value in (ana.npi, f"{codes.NPI}|{ana.npi}"):
        status, bundle = fhir(
            "/fhir/PractitionerRole", {"practitioner.identifier": value}
        )
        assert status == 200
        assert bundle["total"] == 2
        assert role_practitioners(bundle) == {f"Practitioner/{ana.pk}"}


def test_roles_by_the_practitioners_name_through_a_chained_search(fhir, two_doctors):
    ana, bo = two_doctors
    _, bundle = fhir("/fhir/PractitionerRole", {"practitioner.name": "pena"})
    assert role_practitioners(bundle) == {f"Practitioner/{ana.pk}"}
    _, bundle = fhir(
        "/fhir/PractitionerRole",
        {"practitioner.name": "smith", "location.near": "40.444|-79.9552|5|mi"},
    )
    assert role_practitioners(bundle) == {f"Practitioner/{bo.pk}"}


@pytest.mark.parametrize("page", ["9223372036854775808", "9223372036854775807", "²"])
def test_a_page_beyond_any_search_is_a_400_not_a_database_error(fhir, page):
    status, body = fhir("/fhir/Practitioner", {"_count": "100", "page": page})
    assert status == 400
    assert body["issue"][0]["expression"] == ["http.page"]


def test_a_page_past_the_last_says_where_the_results_end(fhir, two_doctors):
    status, body = fhir("/fhir/Practitioner", {"_count": "1", "page": "3"})
    assert status == 400
    assert "end at page 2" in body["issue"][0]["diagnostics"]
    status, body = fhir(
        "/fhir/Location", {"near": "40.444|-79.9552|5|mi", "page": "40"}
    )
    assert status == 400


def test_summary_count_gives_the_total_alone(fhir, two_doctors):
    status, bundle = fhir("/fhir/Practitioner", {"_summary": "count"})
    assert status == 200
    assert bundle["total"] == 2
    assert "entry" not in bundle


@pytest.mark.parametrize("total", ["accurate", "estimate", "none"])
def test_total_is_accepted_and_none_leaves_it_out(fhir, two_doctors, total):
    status, bundle = fhir("/fhir/Practitioner", {"_total": total})
    assert status == 200
    assert len(ids(bundle)) == 2
    assert ("total" in bundle) == (total != "none")


def test_elements_keeps_only_what_was_asked_and_says_so(fhir, two_doctors):
    _, bundle = fhir("/fhir/Practitioner", {"_elements": "name"})
    for practitioner in entries(bundle):
        assert set(practitioner) == {"resourceType", "id", "meta", "name"}
        assert practitioner["meta"]["tag"][-1]["code"] == "SUBSETTED"


def test_sort_by_name_and_last_updated(fhir):
    zoe = make_specialist(first_name="Zoe", last_name="Adams")
    amy = make_specialist(first_name="Amy", last_name="Young")
    _, bundle = fhir("/fhir/Practitioner", {"_sort": "name"})
    assert ids(bundle) == [str(zoe.pk), str(amy.pk)]
    _, bundle = fhir("/fhir/Practitioner", {"_sort": "-name"})
    assert ids(bundle) == [str(amy.pk), str(zoe.pk)]
    zoe.bio = "Changed later."
    zoe.save()
    _, bundle = fhir("/fhir/Practitioner", {"_sort": "-_lastUpdated"})
    assert ids(bundle) == [str(zoe.pk), str(amy.pk)]


def test_near_searches_sort_by_distance_only(fhir, two_doctors):
    near = {"near": "40.444|-79.9552|5|mi"}
    assert fhir("/fhir/Location", {**near, "_sort": "distance"})[0] == 200
    status, body = fhir("/fhir/Location", {**near, "_sort": "name"})
    assert status == 400 and body["issue"][0]["expression"] == ["http._sort"]
    assert fhir("/fhir/Location", {"_sort": "birthdate"})[0] == 400


@pytest.mark.parametrize(
    "accept", ["application/fhir+xml", "application/xml", "text/xml"]
)
def test_asking_for_xml_is_a_406_operation_outcome(fhir, accept):
    for path in ("/fhir/metadata", "/fhir/Practitioner"):
        status, body = fhir(path, HTTP_ACCEPT=accept)
        assert status == 406
        assert body["issue"][0]["code"] == "not-supported"
    status, _ = fhir("/fhir/Practitioner", {"_format": "xml"})
    assert status == 406


@pytest.mark.parametrize(
    "accept", ["application/fhir+json", "application/json", "*/*", ""]
)
def test_json_or_anything_is_served(fhir, accept):
    assert fhir("/fhir/metadata", HTTP_ACCEPT=accept)[0] == 200


def test_fhir_has_its_own_limit_apart_from_the_json_apis(client, settings):
    from django.core.cache import cache

    cache.clear()
    settings.API_REQUESTS_PER_MINUTE = 1
    settings.FHIR_REQUESTS_PER_MINUTE = 3
    assert client.get("/api/v1/specialists/").status_code == 200
    answers = [client.get("/fhir/Practitioner").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    assert client.get("/api/v1/specialists/").status_code == 429


def test_an_over_long_address_is_a_414_in_each_apis_shape(client):
    long = "x" * 5000
    fhir = client.get("/fhir/Practitioner", {"name": long})
    assert fhir.status_code == 414
    assert fhir.json()["issue"][0]["code"] == "too-long"
    api = client.get("/api/v1/specialists/", {"q": long})
    assert api.status_code == 414
    assert "longer than" in api.json()["detail"]
    page = client.get("/find/", {"q": long})
    assert page.status_code == 414
    assert "Address too long" in page.text

"""Reads and errors: 404 and 410 as OperationOutcomes, never HTML, never a 5xx."""

import json

import pytest
from django.core.cache import cache
from django.db import OperationalError

from providers.models import Specialist
from tests.factories import make_location, make_specialist
from web.errors import server_error

pytestmark = pytest.mark.django_db


def _issue(body: dict) -> dict:
    assert body["resourceType"] == "OperationOutcome"
    return body["issue"][0]


def test_unknown_id_is_404_operation_outcome(fhir):
    status, body = fhir("/fhir/Practitioner/987654")
    assert status == 404
    assert _issue(body)["code"] == "not-found"


def test_unknown_resource_type_and_path_are_404_operation_outcomes(fhir):
    for path in ("/fhir/Patient", "/fhir/Practitioner/abc", "/fhir/x/y/z", "/fhir/"):
        status, body = fhir(path)
        assert status == 404, path
        assert _issue(body)["code"] == "not-found"


def test_suspended_listing_is_gone(fhir):
    specialist = make_specialist(status=Specialist.Status.SUSPENDED)
    status, body = fhir(f"/fhir/Practitioner/{specialist.pk}")
    assert status == 410
    assert _issue(body)["code"] == "deleted"
    status, _ = fhir(f"/fhir/PractitionerRole/{specialist.practices.get().pk}")
    assert status == 410


def test_unpublished_listing_and_its_only_location_do_not_exist(fhir):
    location = make_location()
    draft = make_specialist(status=Specialist.Status.DRAFT, locations=[location])
    assert fhir(f"/fhir/Practitioner/{draft.pk}")[0] == 404
    assert fhir(f"/fhir/Location/{location.pk}")[0] == 404


def test_suspended_listings_never_appear_in_search(fhir):
    make_specialist(status=Specialist.Status.SUSPENDED, last_name="Hidden")
    shown = make_specialist(last_name="Shown")
    _, bundle = fhir("/fhir/Practitioner")
    assert [e["resource"]["id"] for e in bundle["entry"]] == [str(shown.pk)]
    assert bundle["total"] == 1


def test_post_is_405_operation_outcome_not_a_csrf_page(client):
    response = client.post("/fhir/Practitioner", {})
    assert response.status_code == 405
    assert response.json()["resourceType"] == "OperationOutcome"


def test_a_server_error_under_fhir_is_an_operation_outcome(rf):
    try:
        raise RuntimeError("a bug")
    except RuntimeError:
        response = server_error(rf.get("/fhir/Practitioner"))
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/fhir+json")
    assert _issue(json.loads(response.content))["code"] == "exception"


def test_too_many_requests_under_fhir_is_a_throttled_operation_outcome(
    client, settings
):
    cache.clear()
    settings.FHIR_REQUESTS_PER_MINUTE = 2
    answers = [client.get("/fhir/Practitioner") for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert int(answers[-1]["Retry-After"]) >= 1
    assert answers[-1]["Content-Type"].startswith("application/fhir+json")
    assert _issue(answers[-1].json())["code"] == "throttled"


def test_a_database_outage_under_fhir_is_a_transient_operation_outcome(rf):
    try:
        raise OperationalError("connection refused")
    except OperationalError:
        response = server_error(rf.get("/fhir/Practitioner"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert _issue(json.loads(response.content))["code"] == "transient"


def test_django_404_elsewhere_stays_html(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")

"""Reads and errors: 404 and 410 as OperationOutcomes, never HTML, never a 5xx."""

import pytest

from providers.models import Specialist
from tests.factories import make_location, make_specialist

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
    from directory.fhir.views import handler500

    response = handler500(rf.get("/fhir/Practitioner"))
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/fhir+json")


def test_django_404_elsewhere_stays_html(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")

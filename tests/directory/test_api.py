"""The JSON API: the same search as the page, with the notice in every result."""

import json

import pytest
from django.core.management import call_command
from geopy.distance import geodesic

from tests.directory.conftest import BAD
from tests.factories import (
    PHILADELPHIA_19104,
    PITTSBURGH_15213,
    make_location,
    make_procedure,
    make_specialist,
    make_specialty,
)
from web.notice import NOTICE_TEXT

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("procedure", ["kyphoplasty", "balloon kyphoplasty"])
def test_list_gives_distance_nearest_location_and_notice(client, procedure):
    kypho = make_procedure(name="Kyphoplasty", slug="kyphoplasty")
    kypho.synonyms.create(name="Balloon kyphoplasty")
    spine = make_specialty(code="207XS0117X", name="Spine", slug="spine")
    make_specialist(
        locations=[make_location(**PHILADELPHIA_19104, name="Philly Spine")],
        procedures=[kypho],
        specialties=[spine],
        last_name="Okafor",
    )
    body = client.get(
        "/api/v1/specialists/",
        {"location": "15213", "radius": 500, "procedure": procedure},
    ).json()
    assert body["count"] == 1 and body["more"] is False
    result = body["results"][0]
    expected = geodesic(
        tuple(PITTSBURGH_15213.values()), tuple(PHILADELPHIA_19104.values())
    ).miles
    assert result["distance_miles"] == round(expected, 1)
    assert result["nearest_location"]["name"] == "Philly Spine"
    assert result["nearest_location"]["latitude"] == PHILADELPHIA_19104["latitude"]
    assert result["procedures"] == [{"slug": "kyphoplasty", "name": "Kyphoplasty"}]
    assert result["specialties"][0]["code"] == "207XS0117X"
    assert result["notice"] == NOTICE_TEXT
    assert result["url"].endswith(f"/specialists/{result['slug']}/")


@pytest.mark.parametrize("near", [True, False])
def test_results_are_exactly_what_the_schemas_serializer_gives(client, near):
    """The list answers with plain dicts; `SearchResultSerializer` describes
    them in the schema. Every field of every result is the serializer's."""
    from datetime import date

    from rest_framework.test import APIRequestFactory

    from directory.api import SearchResultSerializer
    from directory.filters import SpecialistFilter
    from directory.results import first_results
    from providers.models import SearchEntry

    kypho = make_procedure(name="Kyphoplasty", slug="kyphoplasty")
    spine = make_specialty(code="207XS0117X", name="Spine", slug="spine")
    pain = make_specialty(code="208VP0014X", name="Pain Medicine", slug="pain")
    make_specialist(
        locations=[make_location(**PHILADELPHIA_19104, name="Philly Spine")],
        procedures=[kypho],
        specialties=[spine, pain],
        middle_name="Q",
        credentials="",
        languages=["en", "es"],
        accepting_new_patients=False,
        telehealth=True,
        last_verified=date(2026, 5, 17),
    )
    make_specialist(last_verified=None)
    params = {"location": "15213", "radius": 500} if near else {}
    body = client.get("/api/v1/specialists/", params, HTTP_HOST="testserver").json()

    request = APIRequestFactory().get("/api/v1/specialists/", params)
    filterset = SpecialistFilter(params, queryset=SearchEntry.objects.all())
    expected = SearchResultSerializer(
        first_results(filterset.qs, 20, point=filterset.point),
        many=True,
        context={"request": request},
    ).data
    assert len(body["results"]) == 2
    assert body["results"] == json.loads(json.dumps(expected))


def test_every_result_has_the_notice_and_no_distance_without_location(client):
    for _ in range(3):
        make_specialist()
    results = client.get("/api/v1/specialists/").json()["results"]
    assert len(results) == 3
    assert all(r["notice"] == NOTICE_TEXT for r in results)
    assert all(r["distance_miles"] is None for r in results)


def test_detail_lists_every_location(client):
    specialist = make_specialist(
        locations=[make_location(name="One"), make_location(name="Two")]
    )
    body = client.get(f"/api/v1/specialists/{specialist.slug}/").json()
    assert sorted(loc["name"] for loc in body["locations"]) == ["One", "Two"]
    assert body["notice"] == NOTICE_TEXT


def test_unpublished_specialists_are_not_in_the_api(client):
    hidden = make_specialist(status="suspended")
    assert client.get("/api/v1/specialists/").json()["count"] == 0
    assert client.get(f"/api/v1/specialists/{hidden.slug}/").status_code == 404


def test_api_is_paginated_with_next_links(client):
    for _ in range(23):
        make_specialist()
    first = client.get("/api/v1/specialists/").json()
    assert first["count"] == 23 and len(first["results"]) == 20
    assert "page=2" in first["next"]


def test_api_is_read_only(client):
    assert client.post("/api/v1/specialists/", {}).status_code in (403, 405)


def test_openapi_schema_is_valid(tmp_path):
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = target.read_text()
    for parameter in ("location", "radius", "procedure", "specialty", "telehealth"):
        assert f"name: {parameter}" in schema


def test_schema_and_docs_pages_are_served(client):
    assert client.get("/api/v1/schema/").status_code == 200
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    assert b"cdn." not in docs.content


def test_the_api_takes_no_credentials(client):
    """Public and read-only: a password sent to it is neither checked nor used,
    so the API cannot be used to guess passwords."""
    make_specialist()
    wrong = client.get(
        "/api/v1/specialists/", HTTP_AUTHORIZATION="Basic bW9kQGV4YW1wbGUub3JnOng="
    )
    assert wrong.status_code == 200
    assert "Invalid username/password" not in wrong.text
    schema = client.get("/api/v1/schema/?format=json").json()
    assert "securitySchemes" not in schema.get("components", {})
    for operations in schema["paths"].values():
        for operation in operations.values():
            assert operation.get("security", [{}]) == [{}]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"location": "%"}, "location"),
        ({"procedure": "%s"}, "procedure"),
        ({"specialty": "%(value)s"}, "specialty"),
        ({"location": "15213", "page": "99999999999999999999999"}, "page"),
    ],
)
def test_awkward_values_are_field_errors_not_server_errors(client, params, field):
    response = client.get("/api/v1/specialists/", params)
    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.usefixtures("listing")
@pytest.mark.parametrize(("params", "field", "message"), BAD)
def test_the_api_answers_400_with_field_errors(client, params, field, message):
    response = client.get("/api/v1/specialists/", params)
    assert response.status_code == 400
    assert message.lower() in " ".join(response.json()[field]).lower()


def test_the_schema_documents_the_over_long_address(client):
    schema = client.get("/api/v1/schema/?format=json").json()
    for operation in schema["paths"].values():
        assert "414" in operation["get"]["responses"]


SHAPES = [
    {"location": "15213", "radius": 25},
    {"location": "15213", "radius": 500, "page": 2},
    {"location": "15213", "radius": 500, "procedure": "kyphoplasty"},
    {"location": "19104", "specialty": "spine", "language": "es"},
    {"location": "15213", "radius": 500, "sort": "name", "q": "oka fo"},
    {"location": "19104", "radius": 500, "accepts_medicare": "no"},
    {"location": "15213", "radius": 500, "telehealth": "true"},
    {"q": "okafor"},
]

COUNTS = [15, 30, 20, 12, 22, 30, 15, 22]


def test_searches_answer_the_same_from_a_walk_compiled_for_another(client):
    """Each search's walk is built and compiled once a shape (the filters
    given, not their values): the answers are those of a walk built and
    compiled for that search."""
    from providers.search import queries

    kypho = make_procedure(name="Kyphoplasty", slug="kyphoplasty")
    spine = make_specialty(code="207XS0117X", name="Spine", slug="spine")
    for number, place in enumerate([PITTSBURGH_15213, PHILADELPHIA_19104] * 15):
        make_specialist(
            locations=[make_location(**place)],
            procedures=[kypho] if number % 3 else [],
            specialties=[spine] if number % 2 else [],
            last_name=f"Okafor{number}" if number % 4 else f"Smith{number}",
            languages=["es"] if number % 5 else [],
            telehealth=bool(number % 2),
        )

    def forget_walks():
        queries._compiled_walks.clear()
        queries._built_walks.clear()

    fresh = []
    for params in SHAPES:
        forget_walks()
        fresh.append(client.get("/api/v1/specialists/", params).content)
    # Each shape compiled first for a search elsewhere, then this one.
    forget_walks()
    for params in SHAPES:
        elsewhere = {**params, "location": "90012"} if "location" in params else {}
        client.get("/api/v1/specialists/", {**elsewhere, "radius": 100})
    assert len(queries._compiled_walks) >= 5
    again = [client.get("/api/v1/specialists/", params).content for params in SHAPES]
    assert again == fresh
    assert [json.loads(body).get("count", body) for body in fresh] == COUNTS

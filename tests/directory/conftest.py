"""Helpers for the search tests: places at known distances, the page and its results."""

import re

import pytest
from geopy.distance import geodesic

from providers.models import Specialist
from tests.factories import (
    PITTSBURGH_15213,
    make_location,
    make_procedure,
    make_specialist,
)

ORIGIN = (PITTSBURGH_15213["latitude"], PITTSBURGH_15213["longitude"])


def location_at(miles: float, bearing: float = 0, **fields):
    """A location `miles` from ZIP 15213's centroid, on a compass bearing."""
    point = geodesic(miles=miles).destination(ORIGIN, bearing)
    return make_location(latitude=point.latitude, longitude=point.longitude, **fields)


def specialist_at(miles: float, bearing: float = 0, **fields) -> Specialist:
    return make_specialist(locations=[location_at(miles, bearing)], **fields)


def search(client, **params):
    response = client.get("/find/", params)
    assert response.status_code == 200
    return response.content.decode()


def result_names(page: str) -> list[str]:
    return re.findall(r'<h3 id="result-\d+"><a href="[^"]+">([^<]+)</a>', page)


def result_distances(page: str) -> list[float]:
    return [float(d) for d in re.findall(r"<strong>([\d.]+) miles</strong>", page)]


# Bad search input, the field it belongs to, and words of the message shown.
BAD = [
    ({"location": "Atlantis, ZZ"}, "location", "could not find"),
    ({"location": "15213", "radius": "far"}, "radius", "number of miles"),
    ({"location": "15213", "radius": "0"}, "radius", "at least 1 mile"),
    ({"location": "15213", "radius": "501"}, "radius", "at most 500 miles"),
    ({"location": "15213", "radius": "-5"}, "radius", "at least 1 mile"),
    ({"location": "15213", "radius": "NaN"}, "radius", "number of miles"),
    ({"procedure": "brain-transplant"}, "procedure", "list a procedure"),
    ({"specialty": "astrology"}, "specialty", "list a specialty"),
    ({"location": "95.1,-80"}, "location", "between -90 and 90"),
    ({"location": "40.4,-200"}, "location", "between -180 and 180"),
    ({"location": "x" * 500}, "location", "at most 200 characters"),
    ({"q": "a" * 1000}, "q", "at most 200 characters"),
    ({"location": "15213", "page": "x"}, "page", "whole number"),
    ({"location": "15213", "page": "0"}, "page", "start at 1"),
    ({"location": "15213", "page": "99"}, "page", "no page 99"),
    ({"language": "klingon"}, "language", "Choose a language"),
    ({"sort": "price"}, "sort", "Sort by distance, by name or by experience"),
    ({"npi": "12345"}, "npi", "exactly 10 digits"),
    ({"location": "<script>alert(1)</script>"}, "location", "could not find"),
]
# A NUL character anywhere in the address is refused before any view, with 400:
# tests/directory/test_errors.py.


@pytest.fixture
def listing(db):
    """A procedure and a published specialist, so a bad search has something to miss."""
    make_procedure(slug="kyphoplasty")
    make_specialist()

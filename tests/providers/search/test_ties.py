"""Doctors sharing one point (a ZIP centroid, thousands of them when imported):
each index row walks from its own walk point, so a page costs one walk, and
every page is a slice of the exhaustive order.

The exhaustive order, as `SearchEntryQuerySet.near` defines it: every row whose
listing's point lies inside the radius, each specialist once at their nearest
walk point, sorted by the sphere distance from the search point to that walk
point (PostGIS `<->`), then specialist id. `EXHAUSTIVE` below sorts every such
row with no walk and no early stop.
"""

import math

import pytest
from django.contrib.gis.measure import D
from django.db import connection
from django.test.utils import CaptureQueriesContext
from geopy.distance import geodesic

from geo.geocoding import Precision
from geo.points import make_point
from providers.models import Location, Practice, SearchEntry, Specialist
from providers.search import queries as search_queries
from providers.search.walk import (
    TURN,
    WALK_AZIMUTH_STEP,
    WALK_DISTANCE_STEP,
    WALK_OFFSET_M,
)
from tests.factories import PITTSBURGH_15213, make_location, valid_npi

pytestmark = pytest.mark.django_db

PITTSBURGH = make_point(**PITTSBURGH_15213)
# About 10 miles east of 15213, in Monroeville.
MONROEVILLE = {"latitude": 40.4312, "longitude": -79.7881}
PAGE = 20
CAP = 500

EXHAUSTIVE = """
SELECT specialist_id FROM providers_searchentry
WHERE ST_DWithin(point, %(point)s::geography, %(meters)s)
GROUP BY specialist_id
ORDER BY min(walk_point <-> %(point)s::geography), specialist_id
"""


def a_building(size: int, **place) -> list[Specialist]:
    """`size` published specialists at one new location (two statements)."""
    location = make_location(**place)
    start = Specialist.objects.count()
    specialists = Specialist.objects.bulk_create(
        Specialist(
            npi=valid_npi(),
            slug=f"tied-{start + n}",
            first_name="Tied",
            last_name=f"Person{start + n}",
            credentials="MD",
            status=Specialist.Status.PUBLISHED,
        )
        for n in range(size)
    )
    Practice.objects.bulk_create(
        Practice(specialist=s, location=location) for s in specialists
    )
    return specialists


def exhaustive(radius_mi: float) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            EXHAUSTIVE,
            {
                "point": f"SRID=4326;POINT({PITTSBURGH.x} {PITTSBURGH.y})",
                "meters": D(mi=radius_mi).m,
            },
        )
        return [row[0] for row in cursor.fetchall()]


def page_of(offset: int, radius_mi: float, size: int = PAGE) -> tuple[list[int], int]:
    search = SearchEntry.objects.near(PITTSBURGH, radius_mi=radius_mi)
    page = search.specialist_page(offset=offset, size=size, cap=CAP, near=True)
    specialist_of = dict(
        SearchEntry.objects.filter(pk__in=page.entry_ids).values_list(
            "pk", "specialist_id"
        )
    )
    return [specialist_of[pk] for pk in page.entry_ids], page.counted


@pytest.fixture
def walks(monkeypatch):
    """How many walks each page took."""
    counted = []
    walk = search_queries.SearchEntryQuerySet._walk

    def counting(self, *args):
        counted.append(args[0])
        return walk(self, *args)

    monkeypatch.setattr(search_queries.SearchEntryQuerySet, "_walk", counting)
    return counted


def test_every_row_walks_from_its_point_moved_by_its_id():
    a_building(50, **MONROEVILLE)
    for entry in SearchEntry.objects.all():
        meters = WALK_OFFSET_M[0] + float(entry.pk * WALK_DISTANCE_STEP % 1)
        bearing = math.degrees(float(TURN * (entry.pk * WALK_AZIMUTH_STEP % 1)))
        expected = geodesic(meters=meters).destination(
            (entry.point.y, entry.point.x), bearing
        )
        walk = (entry.walk_point.y, entry.walk_point.x)
        assert WALK_OFFSET_M[0] <= meters < WALK_OFFSET_M[1]
        assert geodesic(expected, walk).meters < 0.001
    # No two rows of the building share a walk point.
    assert len({e.walk_point.coords for e in SearchEntry.objects.all()}) == 50


def test_thousands_at_the_search_point_cost_one_walk_a_page(walks):
    """A search from a ZIP code's centroid, where 3,000 doctors sit."""
    a_building(3000, **PITTSBURGH_15213)
    for page_number in (1, 2, 5, 25):
        walks.clear()
        found, counted = page_of((page_number - 1) * PAGE, 25)
        assert len(walks) == 1
        assert found == exhaustive(25)[(page_number - 1) * PAGE :][:PAGE]
        assert counted == CAP + 1  # "500+"


def test_every_page_over_tie_groups_of_thousands_is_the_exhaustive_order():
    here = a_building(1500, **PITTSBURGH_15213)
    monroeville = a_building(3000, **MONROEVILLE)
    order = exhaustive(25)
    assert sorted(order) == sorted(s.pk for s in here + monroeville)

    # Pages of 20 up to the count's cap, then longer ones to the end.
    pages = []
    for offset, size in [(n, PAGE) for n in range(0, CAP, PAGE)] + [
        (n, 250) for n in range(CAP, len(order), 250)
    ]:
        found, counted = page_of(offset, 25, size)
        assert found == order[offset : offset + size]
        pages += found
        assert counted == CAP + 1
    assert pages == order
    # Nearest first by the true distance, but for the walk points' metre:
    # everyone at the search point before anyone in Monroeville.
    assert set(pages[:1500]) == {s.pk for s in here}


def test_a_page_shows_true_distances_nearest_first_within_the_walk_metres():
    a_building(200, **PITTSBURGH_15213)
    a_building(200, latitude=40.4441, longitude=-79.9552)  # 11 m north
    search = SearchEntry.objects.near(PITTSBURGH, radius_mi=5)
    page = search.specialist_page(offset=0, size=400, cap=CAP, near=True)
    shown = search.with_distance(PITTSBURGH).in_bulk(page.entry_ids)
    meters = [shown[pk].distance.m for pk in page.entry_ids]
    # The true distances shown: 0 m, then 11 m; the walk moves none by more
    # than its 2.4 m either way.
    assert {round(m) for m in meters} == {0, 11}
    assert meters == sorted(meters)


@pytest.fixture
def statistics():
    """The search index and the specialists counted now (ANALYZE), and read
    afresh by the next page."""

    def analysed():
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE providers_searchentry, providers_specialist")
        search_queries._rows_each.clear()

    yield analysed
    search_queries._rows_each.clear()


def test_the_first_walk_reads_as_many_rows_a_specialist_as_the_index_holds(
    walks, statistics
):
    """600 specialists with three locations each, at points of their own 11 m
    apart: a walk of 1,024 rows reaches 341 of them, and the count needs 501.
    The planner's row counts say three rows each, and one walk covers them
    all."""
    specialists = a_building(600, **PITTSBURGH_15213)
    Practice.objects.all().delete()
    locations = Location.objects.bulk_create(
        Location(
            name=f"Clinic {n}",
            address_line1=f"{n} Main Street",
            city="Pittsburgh",
            state="PA",
            zip_code="15213",
            point=make_point(
                latitude=PITTSBURGH_15213["latitude"] + n // 3 * 0.0001,
                longitude=PITTSBURGH_15213["longitude"],
            ),
            precision=Precision.ROOFTOP,
        )
        for n in range(3 * len(specialists))
    )
    Practice.objects.bulk_create(
        Practice(specialist=specialists[n // 3], location=location)
        for n, location in enumerate(locations)
    )
    statistics()
    rows_each = search_queries.rows_each_in(
        "default", "providers_searchentry", "providers_specialist"
    )
    assert rows_each == 3

    found, counted = page_of(0, 25)

    assert walks == [search_queries.first_walk(CAP + 1, rows_each)]
    assert found == exhaustive(25)[:PAGE]
    assert counted == CAP + 1
    # Without the statistics, the fixed first walk walks twice.
    walks.clear()
    search_queries._rows_each[
        ("default", "providers_searchentry", "providers_specialist")
    ] = (
        math.inf,
        None,
    )
    assert page_of(0, 25) == (found, counted)
    assert len(walks) == 2


def test_statistics_are_read_once_not_once_a_search(statistics):
    a_building(30, **PITTSBURGH_15213)
    statistics()
    with CaptureQueriesContext(connection) as queries:
        page_of(0, 25)
        page_of(20, 25)
    assert sum("reltuples" in q["sql"] for q in queries) == 1

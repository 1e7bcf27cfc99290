"""Reads of the search index: nearest first, each specialist once, filters kept."""

import pytest
from django.db import connection
from geopy.distance import geodesic

from geo.points import make_point
from providers.models import SearchEntry
from providers.search import queries as search_queries
from tests.factories import (
    PHILADELPHIA_19104,
    PITTSBURGH_15213,
    make_location,
    make_procedure,
    make_specialist,
    make_specialty,
)

pytestmark = pytest.mark.django_db

PITTSBURGH = make_point(**PITTSBURGH_15213)
# About 10 miles east of 15213, in Monroeville.
MONROEVILLE = {"latitude": 40.4312, "longitude": -79.7881}


class Found(list):
    """Specialists found, in order, with the distance of each in miles."""


def near_pittsburgh(radius_mi, queryset=None):
    queryset = (queryset or SearchEntry.objects.all()).near(
        PITTSBURGH, radius_mi=radius_mi
    )
    page = queryset.specialist_page(offset=0, size=50, cap=500, near=True)
    entries = queryset.with_distance(PITTSBURGH).in_bulk(page.entry_ids)
    found = Found(entries[pk].specialist for pk in page.entry_ids)
    found.miles = [entries[pk].distance.mi for pk in page.entry_ids]
    return found


def test_near_lists_nearest_first_with_distance_in_miles():
    far = make_specialist(locations=[make_location(**PHILADELPHIA_19104)])
    near = make_specialist(locations=[make_location(**MONROEVILLE)])
    here = make_specialist(locations=[make_location(**PITTSBURGH_15213)])

    found = near_pittsburgh(500)

    assert found == [here, near, far]
    assert found.miles[0] < 0.01
    assert 8 < found.miles[1] < 12
    assert 250 < found.miles[2] < 262


def test_near_leaves_out_specialists_beyond_the_radius():
    make_specialist(locations=[make_location(**PHILADELPHIA_19104)])
    here = make_specialist(locations=[make_location(**PITTSBURGH_15213)])

    assert near_pittsburgh(25) == [here]


def test_near_lists_each_specialist_once_at_the_nearest_location():
    two_sites = make_specialist(
        locations=[
            make_location(**PHILADELPHIA_19104),
            make_location(**MONROEVILLE),
        ]
    )

    found = near_pittsburgh(500)

    assert found == [two_sites]
    assert found.miles[0] < 12


def test_near_keeps_the_filters_already_applied():
    kyphoplasty = make_procedure(slug="kyphoplasty")
    make_specialist(locations=[make_location(**PITTSBURGH_15213)])
    performer = make_specialist(
        locations=[make_location(**MONROEVILLE)], procedures=[kyphoplasty]
    )

    found = near_pittsburgh(25, SearchEntry.objects.performing(kyphoplasty))

    assert found == [performer]


def test_near_keeps_the_specialty_filter():
    spine = make_specialty()
    make_specialist(locations=[make_location(**PITTSBURGH_15213)])
    surgeon = make_specialist(
        locations=[make_location(**MONROEVILLE)], specialties=[spine]
    )

    assert near_pittsburgh(25, SearchEntry.objects.practicing(spine)) == [surgeon]


def test_a_short_walk_walks_again_until_it_has_the_page(monkeypatch):
    monkeypatch.setattr(search_queries, "first_walk", lambda enough, rows_each: 1)
    here = make_specialist(
        locations=[make_location(**PITTSBURGH_15213) for _ in range(3)]
    )
    near = make_specialist(locations=[make_location(**MONROEVILLE)])
    far = make_specialist(locations=[make_location(**PHILADELPHIA_19104)])

    assert near_pittsburgh(500) == [here, near, far]


def test_the_page_is_the_same_as_an_exhaustive_sort():
    specialists = [
        make_specialist(
            locations=[
                make_location(latitude=40.3 + n * 0.013, longitude=-80.1 + n * 0.007),
                make_location(latitude=40.6 - n * 0.011, longitude=-79.8),
            ]
        )
        for n in range(12)
    ]
    exhaustive = sorted(
        specialists,
        key=lambda s: min(
            geodesic((PITTSBURGH.y, PITTSBURGH.x), (loc.point.y, loc.point.x)).miles
            for loc in s.locations.all()
        ),
    )
    assert near_pittsburgh(100) == exhaustive


def test_specialists_at_one_point_keep_one_order_even_across_a_walk(monkeypatch):
    """A building full of specialists: each row walks from its own walk point
    (a metre or less from the building), so a short walk that stops inside the
    building still gives the first of the exhaustive order."""
    monkeypatch.setattr(search_queries, "first_walk", lambda enough, rows_each: 2)
    same_building = [
        make_specialist(locations=[make_location(**MONROEVILLE)]) for _ in range(5)
    ]
    search = SearchEntry.objects.near(PITTSBURGH, radius_mi=25)
    walk_order = sorted(
        search.filter(specialist__in=same_building),
        key=lambda entry: (entry.walk_distance, entry.specialist_id),
    )
    page = search.specialist_page(offset=0, size=1, cap=1, near=True)
    entry = SearchEntry.objects.get(pk=page.entry_ids[0])
    assert entry.specialist_id == walk_order[0].specialist_id
    assert page.counted == 2  # "1+"


@pytest.mark.parametrize("order", ["by_name", "by_experience"])
def test_a_search_sorted_otherwise_than_by_distance_filters_through_the_index(order):
    """The walk's index is on the walk point: the radius of a search sorted by
    name or experience can still be read from it. With the table's other
    indexes gone (in this test's transaction) and sequential scans ruled out,
    the plan says whether the GiST index can serve the radius at all."""
    make_specialist(locations=[make_location(**MONROEVILLE)])
    make_specialist(locations=[make_location(**PHILADELPHIA_19104)])
    search = SearchEntry.objects.near(PITTSBURGH, radius_mi=25)
    search = getattr(search, order)(inside_radius=True)
    found = [e.specialist_id for e in search]
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX search_name_idx, search_specialist_idx")
        cursor.execute(
            "ALTER TABLE providers_searchentry "
            "DROP CONSTRAINT providers_searchentry_pkey"
        )
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = search.explain()
    assert "search_walk_procedures_idx" in plan
    assert found == [s.pk for s in near_pittsburgh(25)]


@pytest.fixture
def no_compiled_walks():
    search_queries._compiled_walks.clear()
    search_queries._built_walks.clear()
    yield
    search_queries._compiled_walks.clear()
    search_queries._built_walks.clear()


def test_a_walk_compiled_for_one_search_serves_another_of_its_shape(
    no_compiled_walks,
):
    spine, knee = make_procedure(name="Spine"), make_procedure(name="Knee")
    here = make_specialist(procedures=[spine])
    make_specialist(procedures=[knee])
    philadelphia = make_location(**PHILADELPHIA_19104)
    there = make_specialist(locations=[philadelphia], procedures=[knee])
    make_specialist(locations=[make_location(**PHILADELPHIA_19104)])

    def search(point, procedure):
        walk = SearchEntry.objects.all().performing(procedure).near(point, radius_mi=25)
        page = walk.specialist_page(offset=0, size=20, cap=500, near=True)
        return [SearchEntry.objects.get(pk=pk).specialist for pk in page.entry_ids]

    assert search(PITTSBURGH, spine) == [here]
    assert len(search_queries._compiled_walks) == 1
    assert len(search_queries._built_walks) == 1
    # The same shape, another place and procedure: the compiled walk, new values.
    assert search(make_point(**PHILADELPHIA_19104), knee) == [there]
    assert len(search_queries._compiled_walks) == 1
    assert len(search_queries._built_walks) == 1


def test_a_walk_changed_by_a_filter_of_djangos_is_compiled_as_it_is(
    no_compiled_walks,
):
    make_specialist(accepting_new_patients=False)
    accepting = make_specialist(accepting_new_patients=True)

    assert len(near_pittsburgh(25)) == 2
    filtered = SearchEntry.objects.filter(accepting_new_patients=True)
    assert near_pittsburgh(25, filtered) == [accepting]
    assert len(near_pittsburgh(25)) == 2


def test_the_page_queries_are_prepared_once_a_connection_has_run_them_five_times():
    make_specialist(locations=[make_location(**MONROEVILLE)])
    for _ in range(6):
        search = SearchEntry.objects.near(PITTSBURGH, radius_mi=25)
        page = search.specialist_page(offset=0, size=20, cap=500, near=True)
        shown = SearchEntry.objects.shown(
            page.entry_ids,
            specialist_fields=["slug"],
            location_fields=["city"],
            near=PITTSBURGH,
        )
        assert [row["location__city"] for row in shown] == ["Pittsburgh"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any("WITH walk AS MATERIALIZED" in statement for statement in prepared)
    assert any("LEFT JOIN providers_practice" in statement for statement in prepared)

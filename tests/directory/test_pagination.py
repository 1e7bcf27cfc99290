"""The capped count: true, cheap, and counting specialists, never locations."""

import pytest
from django.core.paginator import EmptyPage
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.pagination import CappedPaginator
from geo.points import make_point
from providers.models import SearchEntry
from tests.factories import make_location, make_specialist

pytestmark = pytest.mark.django_db

ORIGIN = make_point(latitude=40.444, longitude=-79.9552)


def north(n: int):
    return make_location(latitude=40.444 + n * 0.01, longitude=-79.9552)


@pytest.fixture
def seven_nearby():
    return [make_specialist(locations=[north(n)]) for n in range(7)]


def near():
    return SearchEntry.objects.near(ORIGIN, radius_mi=25)


def test_a_page_is_two_queries_with_its_count(seven_nearby):
    CappedPaginator(near(), 3, point=ORIGIN).page(
        1
    )  # GeoDjango reads spatial_ref_sys once
    paginator = CappedPaginator(near(), 3, point=ORIGIN)
    with CaptureQueriesContext(connection) as queries:
        page = paginator.page(2)
        assert (paginator.count, paginator.num_pages) == (7, 3)
    assert [r.pk for r in page.object_list] == [s.pk for s in seven_nearby[3:6]]
    assert len(queries) == 2  # the page's rows with the count, their fields


def test_the_last_page_and_past_it(seven_nearby):
    paginator = CappedPaginator(near(), 3, point=ORIGIN)
    assert len(paginator.page(3).object_list) == 1
    with pytest.raises(EmptyPage):
        CappedPaginator(near(), 3, point=ORIGIN).page(4)


def test_the_count_stops_at_the_cap_and_so_do_the_pages(seven_nearby, monkeypatch):
    monkeypatch.setattr("directory.pagination.COUNT_CAP", 5)
    paginator = CappedPaginator(near(), 3, point=ORIGIN)
    assert len(paginator.page(2).object_list) == 2
    assert (paginator.count, paginator.more, paginator.count_label) == (5, True, "5+")
    with pytest.raises(EmptyPage):
        CappedPaginator(near(), 3, point=ORIGIN).page(3)


def test_the_count_is_of_specialists_however_many_locations_each_has(
    monkeypatch,
):
    monkeypatch.setattr("directory.pagination.COUNT_CAP", 5)
    monkeypatch.setattr(
        "providers.search.queries.first_walk", lambda enough, rows_each: 4
    )
    # Five specialists with four nearby locations each: twenty rows, five people.
    for n in range(5):
        make_specialist(locations=[north(n * 4 + k) for k in range(4)])
    paginator = CappedPaginator(near(), 2, point=ORIGIN)
    assert len(paginator.page(3).object_list) == 1
    assert (paginator.count, paginator.more, paginator.count_label) == (5, False, "5")
    make_specialist(locations=[north(30)])
    paginator = CappedPaginator(near(), 2, point=ORIGIN)
    paginator.page(1)
    assert (paginator.count, paginator.more, paginator.count_label) == (5, True, "5+")


def test_without_a_place_pages_go_by_name_and_are_counted(seven_nearby):
    paginator = CappedPaginator(SearchEntry.objects.by_name(), 3)
    names = [r.last_name for r in paginator.page(1).object_list]
    assert names == sorted(s.last_name for s in seven_nearby)[:3]
    assert paginator.count == 7

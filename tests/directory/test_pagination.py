"""The capped count, and a search near a place paying for one query, not two."""

import pytest
from django.core.paginator import EmptyPage
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.pagination import CappedPaginator
from geo.points import make_point
from providers.models import Specialist
from tests.factories import make_location, make_specialist

pytestmark = pytest.mark.django_db

ORIGIN = make_point(latitude=40.444, longitude=-79.9552)


@pytest.fixture
def seven_nearby():
    for n in range(7):
        make_specialist(
            locations=[make_location(latitude=40.444 + n * 0.01, longitude=-79.9552)]
        )


def near():
    return Specialist.objects.published().near(ORIGIN, radius_mi=25)


def test_a_page_near_a_place_is_one_query_with_its_count(seven_nearby):
    list(near()[:1])  # GeoDjango reads spatial_ref_sys once per process
    paginator = CappedPaginator(near(), 3)
    with CaptureQueriesContext(connection) as queries:
        page = paginator.page(2)
        assert (paginator.count, paginator.num_pages) == (7, 3)
    assert len(page.object_list) == 3
    assert len(queries) == 1


def test_the_last_page_and_past_it(seven_nearby):
    paginator = CappedPaginator(near(), 3)
    assert len(paginator.page(3).object_list) == 1
    with pytest.raises(EmptyPage):
        CappedPaginator(near(), 3).page(4)


def test_the_count_stops_at_the_cap_and_so_do_the_pages(seven_nearby, monkeypatch):
    monkeypatch.setattr("directory.pagination.COUNT_CAP", 5)
    paginator = CappedPaginator(near(), 3)
    assert len(paginator.page(2).object_list) == 2
    assert (paginator.count, paginator.more, paginator.count_label) == (5, True, "5+")
    with pytest.raises(EmptyPage):
        CappedPaginator(near(), 3).page(3)


def test_without_a_place_the_count_is_its_own_query(seven_nearby):
    paginator = CappedPaginator(Specialist.objects.published().by_name(), 3)
    assert len(paginator.page(1).object_list) == 3
    assert paginator.count == 7

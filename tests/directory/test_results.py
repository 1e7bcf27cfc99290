"""A page of results as plain data, read in one query."""

import pytest

from directory.results import first_results
from providers.models import SearchEntry
from tests.factories import make_specialist

pytestmark = pytest.mark.django_db


def test_each_result_links_to_its_profile():
    listings = [make_specialist(slug=slug) for slug in ("ann-lee", "bo_2", "c3")]
    search = SearchEntry.objects.by_name()
    results = first_results(search, 20)
    assert sorted(r.get_absolute_url() for r in results) == sorted(
        listing.get_absolute_url() for listing in listings
    )
    assert {r.get_absolute_url() for r in results} == {
        "/specialists/ann-lee/",
        "/specialists/bo_2/",
        "/specialists/c3/",
    }

"""Hostile input, generated (Hypothesis): whatever arrives in the search page's
and the widget's parameters, the answer is the page with messages, never an
error page."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from directory.filters import SpecialistFilter
from tests.factories import make_location, make_procedure, make_specialist

pytestmark = pytest.mark.system

# Every filter of the search (so a new one is covered too), the page and the
# article a search came from.
PARAMETERS = [*SpecialistFilter.base_filters, "page", "from"]
# What people and scripts really send, beside anything at all.
AWKWARD = st.sampled_from(
    [
        "15213",
        "15213-3890",
        "15213-38901",
        "Pittsburgh, PA",
        "40.444,-79.955",
        "91,181",
        "kyphoplasty",
        "%",
        "%s",
        "%(value)s",
        "{}",
        "0",
        "-1",
        "1e400",
        "nan",
        "99999999999999999999999",
        "true",
        "distance",
        "x" * 300,
        "<script>alert(1)</script>",
        "'; DROP TABLE providers_specialist; --",
    ]
)
VALUES = st.one_of(AWKWARD, st.text(max_size=60), st.integers().map(str))
QUERIES = st.dictionaries(st.sampled_from(PARAMETERS), VALUES, max_size=6)
GENERATED = settings(
    max_examples=80,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def listings(db, settings):
    settings.SEARCH_REQUESTS_PER_MINUTE = 0
    settings.WIDGET_REQUESTS_PER_MINUTE = 0
    kypho = make_procedure(name="Kyphoplasty", slug="kyphoplasty")
    make_specialist(locations=[make_location()], procedures=[kypho])


def assert_answered(response):
    if "\x00" in "".join(response.wsgi_request.GET.values()):
        assert response.status_code == 400
        assert "NUL character" in response.text
    else:
        assert response.status_code == 200, response.text[:500]
        assert "<form" in response.text


@GENERATED
@given(query=QUERIES)
def test_the_search_page_answers_any_parameters_with_the_page(client, listings, query):
    assert_answered(client.get("/find/", query))


@GENERATED
@given(query=QUERIES)
def test_the_widget_answers_any_parameters_with_the_widget(client, listings, query):
    assert_answered(client.get("/embed/finder/", query))

"""The public pages: home, search results, profile and procedure pages."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.directory.conftest import (
    result_distances,
    result_names,
    search,
    specialist_at,
)
from tests.factories import (
    make_location,
    make_procedure,
    make_specialist,
    make_specialty,
)

pytestmark = pytest.mark.django_db


def test_every_result_carries_the_notice(client):
    for miles in (1, 2, 3):
        specialist_at(miles)
    page = search(client, location="15213")
    results = page.split('<li class="result"')[1:]
    assert len(results) == 3
    assert all("do not endorse" in result for result in results)


def test_results_page_query_count_does_not_grow_with_results(client):
    procedures = [make_procedure() for _ in range(3)]

    def queries_for_results() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            page = search(client, location="15213", radius=100)
        return len(result_names(page)), len(queries)

    specialist_at(1, procedures=procedures)
    queries_for_results()  # the catalog and the spatial reference, once a process
    assert queries_for_results()[0] == 1
    few = queries_for_results()[1]
    for miles in range(2, 31):
        specialist_at(miles, bearing=miles * 10, procedures=procedures)
    assert queries_for_results() == (20, few)


def test_results_say_how_many_and_where(client):
    specialist_at(1)
    specialist_at(2)
    page = search(client, location="15213", radius=10)
    assert "2 specialists" in page
    assert "within 10 miles of Pittsburgh, PA 15213" in page
    assert "(approximate)" in page


def test_pagination_keeps_the_filters(client):
    kypho = make_procedure(slug="kyphoplasty")
    for miles in range(1, 23):
        specialist_at(miles, bearing=miles * 15, procedures=[kypho])
    page = search(client, location="15213", radius=50, procedure="kyphoplasty")
    assert "Page 1 of 2" in page
    next_link = re.search(r'<a rel="next" href="([^"]+)"', page).group(1)
    next_link = next_link.replace("&amp;", "&")
    assert "procedure=kyphoplasty" in next_link and "radius=50" in next_link
    second = client.get("/find/" + next_link).content.decode()
    assert len(result_names(second)) == 2
    assert result_distances(second) == [21.0, 22.0]


def test_the_count_is_capped(client, monkeypatch):
    monkeypatch.setattr("directory.pagination.COUNT_CAP", 3)
    for miles in range(1, 6):
        specialist_at(miles, bearing=miles * 30)
    page = search(client, location="15213")
    assert "3+ specialists" in page


def test_empty_results_suggest_what_to_change(client):
    specialist_at(80)
    page = search(client, location="15213", radius=25, page=1)
    assert "No specialists found" in page
    wider = re.search(r'<a href="([^"]+)">search within 100 miles', page).group(1)
    query = wider.replace("&amp;", "&")
    # The radius is replaced, not given twice; the page starts again at 1.
    assert query.count("radius=") == 1 and "radius=100" in query
    assert "page=" not in query
    assert len(result_names(client.get("/find/" + query).content.decode())) == 1


@pytest.mark.usefixtures("listing")
def test_unknown_profile_and_procedure_are_404(client):
    assert client.get("/specialists/nobody/").status_code == 404
    assert client.get("/procedures/nothing/").status_code == 404
    assert client.get("/api/v1/specialists/nobody/").status_code == 404


def test_home_page_lists_procedures_and_carries_the_notice(client):
    make_procedure(name="Kyphoplasty", slug="kyphoplasty")
    make_specialist()
    page = client.get("/").content.decode()
    assert "Kyphoplasty" in page
    assert "do not endorse" in page


def test_profile_shows_locations_procedures_languages_npi_and_notice(client):
    kypho = make_procedure(name="Kyphoplasty", slug="kyphoplasty")
    specialist = make_specialist(
        first_name="Ana",
        last_name="Reyes",
        languages=["en", "es"],
        procedures=[kypho],
        specialties=[make_specialty(name="Interventional Radiology")],
        locations=[
            make_location(name="North Clinic", phone="(412) 555-0111", hours="Mon 9-5"),
            make_location(name="South Clinic"),
        ],
    )
    page = client.get(specialist.get_absolute_url()).content.decode()
    for text in (
        "Ana Reyes, MD", "North Clinic", "South Clinic", "(412) 555-0111",
        "Mon 9-5", "English, Spanish", specialist.npi, "Interventional Radiology",
        "do not endorse",
    ):  # fmt: skip
        assert text in page, text
    assert 'href="/find/?procedure=kyphoplasty"' in page


def test_unpublished_profile_is_404(client):
    specialist = make_specialist(status="pending")
    assert client.get(specialist.get_absolute_url()).status_code == 404


def test_procedure_page_has_summary_synonyms_search_box_and_notice(client):
    make_procedure(
        name="Kyphoplasty",
        slug="kyphoplasty",
        summary="A balloon makes room for cement.",
        synonyms=["Balloon kyphoplasty"],
    )
    page = client.get("/procedures/kyphoplasty/").content.decode()
    assert "A balloon makes room for cement." in page
    assert "Balloon kyphoplasty" in page
    assert 'name="procedure" value="kyphoplasty"' in page
    assert 'action="/find/"' in page
    assert "do not endorse" in page


def test_home_page_leads_to_search_by_procedure_and_place(client):
    make_procedure(name="Kyphoplasty", slug="kyphoplasty")
    page = client.get("/").content.decode()
    assert 'action="/find/"' in page
    assert 'name="location"' in page and 'value="kyphoplasty"' in page
    assert 'href="/procedures/kyphoplasty/"' in page


@pytest.mark.parametrize(
    "url", ["/", "/find/", "/procedures/kyphoplasty/", "/embed/finder/"]
)
def test_every_search_form_has_the_same_place_box_with_its_help(client, url):
    make_procedure(name="Kyphoplasty", slug="kyphoplasty")
    page = client.get(url).content.decode()
    assert '<label for="id_location">ZIP code, city or address</label>' in page
    box = re.search(r'<input type="text" name="location" id="id_location"[^>]*>', page)
    assert 'autocomplete="postal-code"' in box[0]
    assert 'aria-describedby="id_location_helptext"' in box[0]
    assert 'id="id_location_helptext">For example 15213, or Pittsburgh, PA' in page

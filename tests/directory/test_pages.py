"""Profile, procedure and home pages."""

import pytest

from tests.factories import (
    make_location,
    make_procedure,
    make_specialist,
    make_specialty,
)

pytestmark = pytest.mark.django_db


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


@pytest.mark.parametrize("url", ["/", "/find/", "/find/?location=15213"])
def test_pages_have_no_inline_scripts_or_styles(client, url):
    make_specialist()
    page = client.get(url).content.decode()
    assert "<style" not in page and " style=" not in page
    assert "<script>" not in page and " onclick" not in page

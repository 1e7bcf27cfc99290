"""Registry values written for people: phones, addresses, distances, counts."""

import pytest
from django.utils.html import strip_tags
from geopy.distance import geodesic

from directory.display import about_miles, address_case, format_phone, tel_number
from geo.geocoding import Precision
from tests.factories import make_location, make_specialist

ZIP_15213 = (40.444, -79.9552)


@pytest.mark.parametrize(
    ("stored", "shown", "link"),
    [
        ("9153417927", "(915) 341-7927", "tel:+19153417927"),
        ("412-555-0100", "(412) 555-0100", "tel:+14125550100"),
        ("1 (412) 555-0100", "(412) 555-0100", "tel:+14125550100"),
        ("412.555.0100 ext 12", "(412) 555-0100 ext. 12", "tel:+14125550100;ext=12"),
        ("555-0100", "555-0100", "tel:5550100"),  # not a whole US number: as given
    ],
)
def test_us_phone_numbers_are_written_and_linked(stored, shown, link):
    assert (format_phone(stored), f"tel:{tel_number(stored)}") == (shown, link)


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("5000 Fifth Ave Ste 4b", "5000 Fifth Ave Ste 4B"),
        ("Po Box 1234", "PO Box 1234"),
        ("P.o. Box 9", "PO Box 9"),
        ("100 Main St Ne", "100 Main St NE"),
        ("1st Floor, 22nd St", "1st Floor, 22nd St"),
        ("120 O'hara St", "120 O'Hara St"),
        ("Us Route 19", "US Route 19"),
        ("UPMC Mercy", "UPMC Mercy"),
    ],
)
def test_registry_address_casing_reads_sensibly(stored, shown):
    assert address_case(stored) == shown


def test_rough_distances_are_rounded_and_never_zero():
    assert [about_miles(m) for m in (0.0, 0.6, 1.2, 12.6)] == [
        "under a mile",
        "under a mile",
        "about 1 mile",
        "about 13 miles",
    ]


@pytest.mark.django_db
def test_a_listing_at_its_zips_centre_says_so_instead_of_0_0_miles(client):
    location = make_location(
        latitude=ZIP_15213[0],
        longitude=ZIP_15213[1],
        address_line1="3471 Fifth Ave Ste 4b",
        precision=Precision.ZIP,
        phone="4125550100",
    )
    make_specialist(locations=[location])

    page = client.get("/find/?location=15213").content.decode()

    assert "0.0 miles" not in page
    text = " ".join(strip_tags(page).split())
    assert "In ZIP 15213, under a mile away (measured to the ZIP's centre)" in text
    assert "3471 Fifth Ave Ste 4B" in page
    assert '<a href="tel:+14125550100">(412) 555-0100</a>' in page
    assert 'data-where="Shown at the centre of ZIP 15213, not at the address"' in page


@pytest.mark.django_db
def test_a_listing_placed_at_its_address_keeps_the_exact_distance(client):
    point = geodesic(miles=3).destination(ZIP_15213, 90)
    location = make_location(latitude=point.latitude, longitude=point.longitude)
    make_specialist(locations=[location])

    page = client.get("/find/?location=15213").content.decode()

    assert "<strong>3.0 miles</strong> away" in page
    assert "centre of ZIP" not in page.split('class="result-list"')[1]


@pytest.mark.django_db
def test_the_home_page_counts_with_thousands_separators(client, monkeypatch):
    monkeypatch.setattr("directory.views.published_specialist_count", lambda: 4562)

    assert "Search 4,562 specialists" in client.get("/").content.decode()


@pytest.mark.django_db
def test_a_profile_formats_its_phone_and_address(client):
    location = make_location(address_line1="Po Box 12", phone="412 555 0199")
    specialist = make_specialist(locations=[location])

    page = client.get(specialist.get_absolute_url()).content.decode()

    assert "PO Box 12" in page
    assert '<a href="tel:+14125550199">(412) 555-0199</a>' in page


@pytest.mark.django_db
def test_the_api_schema_explains_what_a_zip_precision_distance_means(client):
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    components = schema["components"]["schemas"]

    precision = components["ResultLocation"]["properties"]["precision"]
    assert "only the centre of the ZIP code" in precision["description"]
    distance = components["SearchResult"]["properties"]["distance_miles"]
    assert "precision" in distance["description"]


@pytest.mark.django_db
def test_the_widget_says_so_too_for_a_listing_at_its_zips_centre(client):
    location = make_location(
        latitude=ZIP_15213[0], longitude=ZIP_15213[1], precision=Precision.ZIP
    )
    make_specialist(locations=[location])

    page = client.get("/embed/finder/?location=15213").content.decode()

    text = " ".join(strip_tags(page).split())
    assert "0.0 miles" not in text
    assert "In ZIP 15213, under a mile away (measured to the ZIP's centre)" in text


@pytest.mark.django_db
def test_a_profile_reached_from_a_search_words_a_zip_centred_distance_so_too(
    client,
):
    location = make_location(
        latitude=ZIP_15213[0], longitude=ZIP_15213[1], precision=Precision.ZIP
    )
    specialist = make_specialist(locations=[location])

    page = client.get(specialist.get_absolute_url(), {"location": "15213"})

    text = " ".join(strip_tags(page.content.decode()).split())
    assert "0.0 miles" not in text
    assert "In ZIP 15213, under a mile away (measured to the ZIP's centre)" in text

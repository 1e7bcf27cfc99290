"""The profile's practice locations, groups, Medicare assignment, hospitals and
education, each with its source; and the accepts_medicare filter."""

import pytest

from providers.importers.clinicians.affiliations import import_affiliations
from providers.importers.clinicians.hospitals import import_hospitals
from providers.importers.clinicians.national import import_clinicians
from tests.providers.importers.clinicians.conftest import (
    NOVEMBER,
    hospital,
    line,
    nppes_listing,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def jane(national, hospital_file, affiliation_file):
    from geo.zip_table import ensure_zip_centroids

    ensure_zip_centroids()
    jane = nppes_listing()
    import_hospitals(
        hospital_file([hospital("390164", "UPMC PRESBYTERIAN SHADYSIDE")]),
        month=NOVEMBER,
    )
    import_clinicians(
        national(
            [
                line(jane.npi, ind_assgn="M"),
                line(
                    jane.npi,
                    adr_ln_1="1350 LOCUST ST",
                    adrs_id="PA1521912341350",
                    org_pac_id="",
                    **{"Facility Name": "", "ZIP Code": "15219"},
                ),
            ]
        ),
        month=NOVEMBER,
    )
    import_affiliations(
        affiliation_file(
            [
                {
                    "NPI": jane.npi,
                    "facility_type": "Hospital",
                    "Facility Affiliations Certification Number": "390164",
                }
            ]
        ),
        month=NOVEMBER,
    )
    return jane


@pytest.fixture
def national(tmp_path):
    from providers.importers.generators.clinicians import write_file
    from providers.importers.layouts import DAC_COLUMNS

    return lambda lines: write_file(tmp_path / "dac.csv", DAC_COLUMNS, lines)


@pytest.fixture
def hospital_file(tmp_path):
    from providers.importers.generators.clinicians import write_file
    from providers.importers.layouts import HOSPITAL_COLUMNS

    return lambda rows: write_file(tmp_path / "hgi.csv", HOSPITAL_COLUMNS, rows)


@pytest.fixture
def affiliation_file(tmp_path):
    from providers.importers.generators.clinicians import write_file
    from providers.importers.layouts import AFFILIATION_COLUMNS

    return lambda rows: write_file(tmp_path / "fa.csv", AFFILIATION_COLUMNS, rows)


def test_the_profile_lists_every_location_with_group_assignment_and_sources(
    client, jane
):
    page = client.get(jane.get_absolute_url()).content.decode()

    assert "3471 Fifth Ave" in page and "1350 Locust St" in page
    assert "200 Lothrop St" in page
    assert "Group: Three Rivers Spine Associates" in page
    assert "Solo practice" in page
    assert "May accept Medicare assignment" in page
    assert "Accepts Medicare assignment" in page
    assert "(412) 647-0100" in page
    assert "Medicare&#x27;s Doctors and Clinicians file, November 2026" in page
    assert "NPPES practice address (updated March 2024)" in page
    assert "Medicare enrollment (November 2026)" in page


def test_the_profile_shows_hospitals_and_education_with_their_source(client, jane):
    page = client.get(jane.get_absolute_url()).content.decode()

    assert "Hospital affiliations" in page
    assert "Upmc Presbyterian Shadyside, Pittsburgh, PA" in page
    assert "Education: University Of Pittsburgh School Of Medicine, 1998" in page


def test_the_profile_says_nothing_of_new_patients_no_one_stated(client, jane):
    page = client.get(jane.get_absolute_url()).content.decode()

    assert "new patients" not in page.lower()


def test_locations_are_nearest_first_from_the_place_searched(client, jane):
    near_locust = client.get(jane.get_absolute_url() + "?location=15219").content
    page = near_locust.decode()

    assert page.index("1350 Locust St") < page.index("3471 Fifth Ave")


def test_accepts_medicare_finds_only_specialists_who_accept_it(client, jane):
    from tests.factories import make_specialist

    make_specialist(last_name="Nobody")
    page = client.get("/find/?location=15213&accepts_medicare=yes").content.decode()

    assert jane.last_name in page
    assert "Nobody" not in page


def test_the_api_carries_the_same_facts(client, jane):
    found = client.get("/api/v1/specialists/?location=15213&accepts_medicare=yes")
    (result,) = found.json()["results"]
    assert result["accepting_new_patients"] is None
    assert result["medicare_assignment"] == "accepts"

    detail = client.get(f"/api/v1/specialists/{jane.slug}/").json()
    practices = {p["location"]["address_line1"]: p for p in detail["practices"]}
    assert practices["3471 Fifth Ave"]["medicare_assignment"] == "may_accept"
    assert practices["3471 Fifth Ave"]["groups"][0]["pac_id"] == "1234567890"
    assert detail["hospitals"][0]["ccn"] == "390164"
    assert detail["education"]["text"].endswith("1998")


def test_the_api_lists_each_hospital_with_its_source_and_month(client, jane):
    detail = client.get(f"/api/v1/specialists/{jane.slug}/").json()

    assert detail["hospitals"] == [
        {
            "ccn": "390164",
            "name": "Upmc Presbyterian Shadyside",
            "city": "Pittsburgh",
            "state": "PA",
            "source": "Medicare's Facility Affiliation file, November 2026",
            "month": "2026-11-01",
        }
    ]


def test_the_openapi_schema_describes_the_hospitals(client):
    schema = client.get("/api/v1/schema/?format=json").json()
    detail = schema["components"]["schemas"]["SpecialistDetail"]["properties"]
    assert detail["hospitals"]["items"]["$ref"].endswith("/Hospital")
    hospital = schema["components"]["schemas"]["Hospital"]
    required = {"ccn", "name", "city", "state", "source", "month"}
    assert set(hospital["required"]) == required
    assert hospital["properties"]["month"]["format"] == "date"
    assert hospital["properties"]["month"]["nullable"] is True


def test_a_bad_accepts_medicare_value_is_a_field_error(client):
    response = client.get("/api/v1/specialists/?accepts_medicare=maybe")

    assert response.status_code == 400
    assert "accepts_medicare" in response.json()

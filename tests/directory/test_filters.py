"""The search page: distances, radius, order, filters and what a patient reads."""

import pytest
from geopy.distance import geodesic

from providers.models import Specialist
from tests.directory.conftest import (
    BAD,
    ORIGIN,
    location_at,
    result_distances,
    result_names,
    search,
    specialist_at,
)
from tests.factories import (
    PHILADELPHIA_19104,
    make_location,
    make_procedure,
    make_specialist,
    make_specialty,
)

pytestmark = pytest.mark.django_db


def test_distance_shown_matches_the_geodesic_distance(client):
    philadelphia = make_location(**PHILADELPHIA_19104)
    make_specialist(locations=[philadelphia], last_name="Far")
    page = search(client, location="15213", radius=500)
    expected = geodesic(ORIGIN, tuple(PHILADELPHIA_19104.values())).miles
    assert result_distances(page) == [round(expected, 1)]
    assert abs(result_distances(page)[0] - expected) <= expected * 0.005


@pytest.mark.parametrize("miles", [0.3, 7.5, 24.0, 120.0])
def test_distances_are_within_half_a_percent_of_geodesic(client, miles):
    specialist_at(miles, bearing=77)
    shown = result_distances(search(client, location="15213", radius=500))[0]
    assert abs(shown - miles) <= max(miles * 0.005, 0.05)


def test_radius_includes_just_inside_and_excludes_just_outside(client):
    specialist_at(24.9, last_name="Inside")
    specialist_at(25.1, last_name="Outside")
    names = result_names(search(client, location="15213", radius=25))
    assert [n for n in names if "Inside" in n] and not [
        n for n in names if "Outside" in n
    ]


def test_default_radius_is_25_miles(client):
    specialist_at(20, last_name="Near")
    specialist_at(30, last_name="Beyond")
    names = " ".join(result_names(search(client, location="15213")))
    assert "Near" in names and "Beyond" not in names


def test_results_are_nearest_first(client):
    for miles, name in [(12, "Twelve"), (3, "Three"), (7, "Seven")]:
        specialist_at(miles, bearing=miles * 20, last_name=name)
    page = search(client, location="15213", radius=50)
    assert [n.split()[1].rstrip(",") for n in result_names(page)] == [
        "Three",
        "Seven",
        "Twelve",
    ]
    assert result_distances(page) == sorted(result_distances(page))


def test_specialist_with_two_locations_appears_once_at_the_nearer(client):
    make_specialist(
        locations=[location_at(18, 90), location_at(4, 180)], last_name="Twice"
    )
    page = search(client, location="15213", radius=50)
    assert len(result_names(page)) == 1
    assert result_distances(page) == [4.0]


def test_the_nearest_location_is_the_one_shown(client):
    make_specialist(
        locations=[
            location_at(18, 90, name="East Office"),
            location_at(4, 180, name="South Office"),
        ]
    )
    page = search(client, location="15213", radius=50)
    assert "South Office" in page and "East Office" not in page


def test_procedure_filter_and_the_procedure_is_highlighted(client):
    kypho = make_procedure(name="Kyphoplasty", slug="kyphoplasty")
    other = make_procedure(name="Laminectomy", slug="laminectomy")
    specialist_at(5, last_name="Kypho", procedures=[kypho, other])
    specialist_at(6, last_name="Lami", procedures=[other])
    page = search(client, location="15213", procedure="kyphoplasty")
    assert [n.split()[1].rstrip(",") for n in result_names(page)] == ["Kypho"]
    assert "<mark>Kyphoplasty</mark>" in page


@pytest.mark.parametrize(
    "term", ["balloon kyphoplasty", "Balloon Kyphoplasty", "balloon-kyphoplasty"]
)
def test_a_synonym_finds_the_procedure(client, term):
    kypho = make_procedure(
        name="Kyphoplasty", slug="kyphoplasty", synonyms=["Balloon kyphoplasty"]
    )
    specialist_at(5, last_name="Kypho", procedures=[kypho])
    specialist_at(6, last_name="None")
    assert len(result_names(search(client, location="15213", procedure=term))) == 1


def test_specialty_filter_by_slug_or_nucc_code(client):
    neuro = make_specialty(
        code="207T00000X", name="Neurological Surgery", slug="neurosurgery"
    )
    specialist_at(5, last_name="Neuro", specialties=[neuro])
    specialist_at(6, last_name="Other")
    for value in ("neurosurgery", "207T00000X", "207t00000x"):
        names = result_names(search(client, location="15213", specialty=value))
        assert len(names) == 1 and "Neuro" in names[0]


def test_name_search_ignores_case_and_accents(client):
    specialist_at(5, first_name="José", last_name="Muñoz")
    specialist_at(6, first_name="Ann", last_name="Lee")
    for q in ("jose", "MUNOZ", "José Muñoz", "jos mun"):
        names = result_names(search(client, q=q))
        assert names == ["José Muñoz, MD"], q


def test_narrowing_filters_alone_and_combined(client):
    specialist_at(
        1,
        last_name="Both",
        accepting_new_patients=True,
        telehealth=True,
        languages=["en", "es"],
    )
    specialist_at(
        2,
        last_name="Accepts",
        accepting_new_patients=True,
        telehealth=False,
        languages=["en"],
    )
    specialist_at(
        3,
        last_name="Tele",
        accepting_new_patients=False,
        telehealth=True,
        languages=["es"],
    )

    def surnames(**params):
        page = search(client, location="15213", **params)
        return [n.split()[1].rstrip(",") for n in result_names(page)]

    assert surnames(accepting_new_patients="true") == ["Both", "Accepts"]
    assert surnames(telehealth="true") == ["Both", "Tele"]
    assert surnames(language="es") == ["Both", "Tele"]
    assert surnames(
        accepting_new_patients="true", telehealth="true", language="es"
    ) == ["Both"]


def test_all_filters_combined_with_a_procedure_and_radius(client):
    kypho = make_procedure(slug="kyphoplasty", name="Kyphoplasty")
    neuro = make_specialty(slug="neurosurgery")
    specialist_at(
        5,
        last_name="Match",
        procedures=[kypho],
        specialties=[neuro],
        languages=["es"],
        telehealth=True,
    )
    specialist_at(
        60,
        last_name="TooFar",
        procedures=[kypho],
        specialties=[neuro],
        languages=["es"],
        telehealth=True,
    )
    specialist_at(
        5,
        last_name="NoSpanish",
        procedures=[kypho],
        specialties=[neuro],
        telehealth=True,
    )
    page = search(
        client,
        location="15213",
        radius=50,
        procedure="kyphoplasty",
        specialty="neurosurgery",
        language="es",
        telehealth="true",
        q="match",
    )
    assert [n.split()[1].rstrip(",") for n in result_names(page)] == ["Match"]


def test_sort_by_name(client):
    specialist_at(1, last_name="Zed")
    specialist_at(9, last_name="Abel")
    page = search(client, location="15213", sort="name")
    assert [n.split()[1].rstrip(",") for n in result_names(page)] == ["Abel", "Zed"]
    assert result_distances(page) == [9.0, 1.0]


@pytest.mark.parametrize("status", ["draft", "pending", "suspended"])
def test_unpublished_specialists_never_appear(client, status):
    specialist_at(2, last_name="Hidden", status=status)
    assert "Hidden" not in search(client, location="15213")
    assert "Hidden" not in search(client, q="hidden")


@pytest.mark.usefixtures("listing")
@pytest.mark.parametrize(("params", "field", "message"), BAD)
def test_the_page_shows_a_message_beside_the_field(client, params, field, message):
    response = client.get("/find/", params)
    assert response.status_code == 200
    page = response.content.decode()
    errors = page.split(f'id="id_{field}_error"')[1].split("</ul>")[0]
    assert message.lower() in errors.lower()
    assert "<script>alert(1)</script>" not in page


@pytest.mark.usefixtures("listing")
def test_a_bad_search_leaves_no_message_on_the_next(client):
    # The search forms share their fields (directory.filters.SharedFields):
    # what one search typed or got wrong must stay its own.
    for params, field, _ in BAD:
        client.get("/find/", params)
        page = client.get("/find/", {"location": "15213"}).content.decode()
        assert 'class="errorlist' not in page
        assert f'id="id_{field}_error"' not in page
        assert "alert(1)" not in page


@pytest.mark.usefixtures("listing")
def test_bad_input_changes_nothing_stored(client):
    before = list(Specialist.objects.values())
    for params, _, _ in BAD:
        client.get("/find/", params)
        client.get("/api/v1/specialists/", params)
    assert list(Specialist.objects.values()) == before


def test_a_procedure_billed_to_medicare_counts_as_performed(client):
    from providers.models import ServiceVolume

    kyphoplasty = make_procedure(name="Kyphoplasty", slug="kyphoplasty")
    billed = specialist_at(3, last_name="Billed")
    specialist_at(4, last_name="Neither")
    ServiceVolume.objects.create(
        specialist=billed, procedure=kyphoplasty, year=2023, services=40,
        beneficiaries=30,
    )  # fmt: skip

    page = search(client, location="15213", procedure="kyphoplasty")

    assert "Billed" in page
    assert "Neither" not in page


def test_sort_by_experience_puts_the_most_services_first_within_the_radius(client):
    from providers.models import ServiceVolume

    kyphoplasty = make_procedure(name="Kyphoplasty", slug="kyphoplasty")
    near = specialist_at(1, last_name="Nearfew", procedures=[kyphoplasty])
    far = specialist_at(15, last_name="Farmany", procedures=[kyphoplasty])
    outside = specialist_at(60, last_name="Outside", procedures=[kyphoplasty])
    for specialist, services in ((near, 12), (far, 300), (outside, 900)):
        ServiceVolume.objects.create(
            specialist=specialist, procedure=kyphoplasty, year=2023,
            services=services, beneficiaries=11,
        )  # fmt: skip

    page = search(
        client, location="15213", radius=25, procedure="kyphoplasty", sort="experience"
    )

    assert page.index("Farmany") < page.index("Nearfew")
    assert "Outside" not in page


def test_an_npi_finds_its_listing_by_filter_and_in_the_name_box(client):
    wanted = specialist_at(2, last_name="Wanted")
    specialist_at(2, last_name="Other")

    for params in ({"npi": wanted.npi}, {"q": wanted.npi}):
        page = search(client, **params)
        assert "Wanted" in page
        assert "Other" not in page
    data = client.get("/api/v1/specialists/", {"npi": wanted.npi}).json()
    assert [r["npi"] for r in data["results"]] == [wanted.npi]

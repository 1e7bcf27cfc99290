"""Searches: parameters, near with real distances, paging, includes, sync."""

from datetime import timedelta

import pytest
from django.utils import timezone
from geopy.distance import geodesic

from fhir_api import codes
from providers.models import Location, Specialist
from tests.factories import (
    PHILADELPHIA_19104,
    PITTSBURGH_15213,
    make_location,
    make_procedure,
    make_specialist,
    make_specialty,
)
from tests.fhir_api.conftest import entries, ids

pytestmark = pytest.mark.django_db

# Real places with known separations from Pittsburgh 15213: Cleveland is about
# 115 miles north-west, Philadelphia 19104 about 254 miles east.
CLEVELAND_44113 = {"latitude": 41.4816, "longitude": -81.7012}
NEAR_15213 = "40.444|-79.9552"


def _miles(place: dict) -> float:
    return geodesic(
        (PITTSBURGH_15213["latitude"], PITTSBURGH_15213["longitude"]),
        (place["latitude"], place["longitude"]),
    ).miles


def _distance(bundle: dict) -> list[float]:
    found = []
    for entry in bundle["entry"]:
        if entry["search"]["mode"] == "match":
            (ext,) = entry["search"]["extension"]
            assert ext["url"] == codes.LOCATION_DISTANCE
            assert ext["valueDistance"]["code"] == "[mi_i]"
            found.append(ext["valueDistance"]["value"])
    return found


@pytest.fixture
def three_cities():
    places = {}
    for name, place in [
        ("Philadelphia", PHILADELPHIA_19104),
        ("Pittsburgh", PITTSBURGH_15213),
        ("Cleveland", CLEVELAND_44113),
    ]:
        places[name] = make_location(**place, name=name)
        make_specialist(locations=[places[name]], last_name=name)
    return places


def test_location_near_is_nearest_first_with_geodesic_distances(fhir, three_cities):
    status, bundle = fhir("/fhir/Location", {"near": f"{NEAR_15213}|300|mi"})
    assert status == 200
    names = [r["name"] for r in entries(bundle)]
    assert names == ["Pittsburgh", "Cleveland", "Philadelphia"]
    expected = [0.0, _miles(CLEVELAND_44113), _miles(PHILADELPHIA_19104)]
    assert _distance(bundle) == pytest.approx(expected, abs=0.01)
    assert 110 < expected[1] < 120 and 250 < expected[2] < 258  # the places are real


def test_location_near_excludes_what_is_beyond_the_distance(fhir, three_cities):
    _, bundle = fhir("/fhir/Location", {"near": f"{NEAR_15213}|150|mi"})
    assert [r["name"] for r in entries(bundle)] == ["Pittsburgh", "Cleveland"]
    assert bundle["total"] == 2
    # 150 km is about 93 miles: Cleveland is out. No units means km, as FHIR says.
    _, bundle = fhir("/fhir/Location", {"near": f"{NEAR_15213}|150"})
    assert [r["name"] for r in entries(bundle)] == ["Pittsburgh"]


def test_swapped_latitude_and_longitude_finds_nothing_near(fhir, three_cities):
    status, bundle = fhir("/fhir/Location", {"near": "-79.9552|40.444|300|mi"})
    assert status == 200 and bundle["total"] == 0


def test_practitioner_role_location_near_with_procedure_is_the_find_search(
    fhir, three_cities
):
    kypho = make_procedure(name="Kyphoplasty", slug="kyphoplasty")
    for specialist in Specialist.objects.all():
        specialist.procedures.add(kypho)
    make_specialist(locations=[make_location(**PITTSBURGH_15213)], last_name="NoKypho")
    _, bundle = fhir(
        "/fhir/PractitionerRole",
        {
            "location.near": f"{NEAR_15213}|300|mi",
            "procedure": "kyphoplasty",
            "_include": ["PractitionerRole:location", "PractitionerRole:practitioner"],
        },
    )
    roles = entries(bundle)
    assert [r["practitioner"]["display"] for r in roles] == [
        "Test Pittsburgh, MD",
        "Test Cleveland, MD",
        "Test Philadelphia, MD",
    ]
    assert _distance(bundle) == pytest.approx(
        [0.0, _miles(CLEVELAND_44113), _miles(PHILADELPHIA_19104)], abs=0.01
    )
    included = entries(bundle, "include")
    assert (
        sorted(r["resourceType"] for r in included)
        == ["Location"] * 3 + ["Practitioner"] * 3
    )
    locations = {r["id"]: r for r in included if r["resourceType"] == "Location"}
    for role in roles:
        assert role["location"][0]["reference"].split("/")[1] in locations


def test_role_near_gives_each_practitioner_once_at_the_nearest_location(fhir):
    far = make_location(**PHILADELPHIA_19104, name="Far")
    close = make_location(**PITTSBURGH_15213, name="Close")
    make_specialist(locations=[far, close])
    _, bundle = fhir(
        "/fhir/PractitionerRole", {"location.near": f"{NEAR_15213}|500|mi"}
    )
    (role,) = entries(bundle)
    assert role["location"][0]["display"] == "Close"


def test_paging_walks_every_page_and_finds_each_result_once(client, fhir):
    spine = make_specialty(code="207XS0117X")
    made = {str(make_specialist(specialties=[spine]).pk) for _ in range(23)}
    make_specialist()  # another specialty: not a match
    url, seen, pages = "/fhir/Practitioner?_count=5", [], 0
    role_ids = set()
    while url:
        status, bundle = fhir(url)
        assert status == 200 and bundle["total"] == 24
        seen += ids(bundle)
        pages += 1
        links = {link["relation"]: link["url"] for link in bundle["link"]}
        assert (pages > 1) == ("previous" in links)
        url = links.get("next")
    assert pages == 5 and len(seen) == 24 and len(set(seen)) == 24
    url = f"/fhir/PractitionerRole?specialty={codes.NUCC}|207XS0117X&_count=4"
    while url:
        _, bundle = fhir(url)
        assert bundle["total"] == 23
        role_ids.update(
            r["practitioner"]["reference"].split("/")[1] for r in entries(bundle)
        )
        url = {link["relation"]: link["url"] for link in bundle["link"]}.get("next")
    assert role_ids == made


def test_near_paging_finds_each_result_once_in_distance_order(fhir):
    for n in range(12):
        make_specialist(
            locations=[make_location(latitude=40.444 + n * 0.05, longitude=-79.9552)]
        )
    url, distances, seen = (
        "/fhir/PractitionerRole?location.near=40.444|-79.9552|100|mi&_count=5",
        [],
        [],
    )
    while url:
        _, bundle = fhir(url)
        assert bundle["total"] == 12
        distances += _distance(bundle)
        seen += ids(bundle)
        url = {link["relation"]: link["url"] for link in bundle["link"]}.get("next")
    assert len(seen) == len(set(seen)) == 12
    assert distances == sorted(distances)


def test_identifier_name_family_and_given(fhir):
    ana = make_specialist(first_name="Ana", last_name="Peña")
    make_specialist(first_name="Bo", last_name="Smith")
    for params in (
        {"identifier": f"{codes.NPI}|{ana.npi}"},
        {"identifier": ana.npi},
        {"name": "pen"},  # accents and case do not matter
        {"family": "PEÑA"},
        {"given": "an"},
        {"name:exact": "Ana"},
        {"name:contains": "eñ"},
    ):
        _, bundle = fhir("/fhir/Practitioner", params)
        assert ids(bundle) == [str(ana.pk)], params
    _, bundle = fhir(
        "/fhir/Practitioner", {"identifier": f"http://other.org|{ana.npi}"}
    )
    assert bundle["total"] == 0


def test_role_filters_practitioner_location_service_and_new_patients(fhir):
    kypho = make_procedure(slug="kyphoplasty", name="Kyphoplasty")
    home = make_location()
    a = make_specialist(
        locations=[home], procedures=[kypho], accepting_new_patients=False
    )
    b = make_specialist(accepting_new_patients=True)
    make_specialist()  # not known: neither newpt nor nopt
    role_a = str(a.practices.get().pk)
    role_b = str(b.practices.get().pk)
    for params, expected in [
        ({"practitioner": f"Practitioner/{a.pk}"}, [role_a]),
        ({"location": f"Location/{home.pk}"}, [role_a]),
        ({"service": "HealthcareService/kyphoplasty"}, [role_a]),
        ({"procedure": "Kyphoplasty"}, [role_a]),
        ({"new-patient": "newpt"}, [role_b]),
        ({"new-patient": f"{codes.ACCEPTING_PATIENTS}|nopt"}, [role_a]),
        ({"_id": f"{role_b},{role_a}"}, [role_a, role_b]),
    ]:
        _, bundle = fhir("/fhir/PractitionerRole", params)
        assert ids(bundle) == expected, params


def test_location_address_parameters(fhir):
    make_specialist(
        locations=[make_location(city="Pittsburgh", state="PA", zip_code="15213")]
    )
    make_specialist(
        locations=[make_location(city="Erie", state="PA", zip_code="16501")]
    )
    for params, cities in [
        ({"address-postalcode": "152"}, ["Pittsburgh"]),
        ({"address-city": "erie"}, ["Erie"]),
        ({"address-state": "PA"}, ["Pittsburgh", "Erie"]),
    ]:
        _, bundle = fhir("/fhir/Location", params)
        assert [r["address"]["city"] for r in entries(bundle)] == cities, params


def test_revinclude_brings_the_roles(fhir):
    location = make_location()
    specialist = make_specialist(locations=[location])
    _, bundle = fhir(
        "/fhir/Location",
        {"_id": location.pk, "_revinclude": "PractitionerRole:location"},
    )
    (role,) = entries(bundle, "include")
    assert role["practitioner"]["reference"] == f"Practitioner/{specialist.pk}"
    _, bundle = fhir(
        "/fhir/Practitioner",
        {"_id": specialist.pk, "_revinclude": "PractitionerRole:practitioner"},
    )
    assert [r["resourceType"] for r in entries(bundle, "include")] == [
        "PractitionerRole"
    ]


def test_last_updated_lets_a_client_sync_only_what_changed(fhir):
    old = make_specialist()
    new = make_specialist()
    long_ago = timezone.now() - timedelta(days=30)
    Specialist.objects.filter(pk=old.pk).update(updated=long_ago)
    Location.objects.update(updated=long_ago)
    since = (timezone.now() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    _, bundle = fhir("/fhir/Practitioner", {"_lastUpdated": f"gt{since}"})
    assert ids(bundle) == [str(new.pk)]
    _, bundle = fhir("/fhir/Practitioner", {"_lastUpdated": f"lt{since}"})
    assert ids(bundle) == [str(old.pk)]
    day = long_ago.date().isoformat()
    _, bundle = fhir("/fhir/Practitioner", {"_lastUpdated": day})
    assert ids(bundle) == [str(old.pk)]
    _, bundle = fhir("/fhir/PractitionerRole", {"_lastUpdated": f"ge{since}"})
    assert [r["practitioner"]["reference"] for r in entries(bundle)] == [
        f"Practitioner/{new.pk}"
    ]
    _, bundle = fhir("/fhir/Location", {"_lastUpdated": f"ge{since}"})
    assert bundle["total"] == 0


@pytest.mark.parametrize(
    ("path", "params", "parameter"),
    [
        ("/fhir/Practitioner", {"colour": "blue"}, "colour"),
        ("/fhir/Practitioner", {"name:fuzzy": "x"}, "name:fuzzy"),
        ("/fhir/Practitioner", {"name": ""}, "name"),
        ("/fhir/Practitioner", {"_count": "-1"}, "_count"),
        ("/fhir/Practitioner", {"_count": "1000"}, "_count"),
        ("/fhir/Practitioner", {"page": "two"}, "page"),
        ("/fhir/Practitioner", {"_lastUpdated": "yesterday"}, "_lastUpdated"),
        ("/fhir/Practitioner", {"_lastUpdated": "ne2026-01-01"}, "_lastUpdated"),
        ("/fhir/Practitioner", {"_lastUpdated": "2026-13-45"}, "_lastUpdated"),
        ("/fhir/Practitioner", {"_lastUpdated": "9999-12-31"}, "_lastUpdated"),
        ("/fhir/Practitioner", {"_lastUpdated": "9999-12"}, "_lastUpdated"),
        ("/fhir/Practitioner", {"_include": "PractitionerRole:location"}, "_include"),
        ("/fhir/Location", {"near": "91|0|5|mi"}, "near"),
        ("/fhir/Location", {"near": "40|-80|5|furlongs"}, "near"),
        ("/fhir/Location", {"near": "40|-80|5000|mi"}, "near"),
        ("/fhir/Location", {"near": "40|-80|-1|mi"}, "near"),
        ("/fhir/Location", {"near": "north|west"}, "near"),
        ("/fhir/PractitionerRole", {"procedure": "astrology"}, "procedure"),
        ("/fhir/PractitionerRole", {"practitioner": "Location/1"}, "practitioner"),
        ("/fhir/PractitionerRole", {"location.near": "40|-80|5|mi", "_id": "1"}, "_id"),
        ("/fhir/PractitionerRole", {"active": "maybe"}, "active"),
    ],
)
def test_bad_parameters_are_400_operation_outcomes_naming_them(
    fhir, path, params, parameter
):
    status, body = fhir(path, params)
    assert status == 400
    (issue,) = body["issue"]
    assert issue["severity"] == "error" and issue["code"] == "invalid"
    assert issue["expression"] == [f"http.{parameter}"]
    assert parameter.split(":")[0] in issue["diagnostics"]


def test_nul_bytes_and_huge_values_are_400_not_500(fhir):
    assert fhir("/fhir/Practitioner", {"name": "a\x00b"})[0] == 400
    assert fhir("/fhir/Practitioner", {"name": "a" * 3000})[0] == 400


def test_role_near_narrows_as_the_same_search_without_near(fhir):
    kypho = make_procedure(slug="kyphoplasty", name="Kyphoplasty")
    spine = make_specialty(code="207XS0117X")
    a = make_specialist(
        procedures=[kypho],
        specialties=[spine],
        accepting_new_patients=False,
        last_verified=timezone.localdate(),
    )
    make_specialist(accepting_new_patients=True, last_verified=None)
    for params in [
        {"practitioner": f"Practitioner/{a.pk}"},
        {"specialty": f"{codes.NUCC}|207XS0117X"},
        {"service": "HealthcareService/kyphoplasty"},
        {"procedure": "kyphoplasty"},
        {"new-patient": "newpt"},
        {"new-patient": "nopt"},
        {"verification-status": "complete"},
        {"verification-status": "incomplete"},
        {"active": "true"},
        {"specialty": "207XS0117X", "new-patient": "newpt"},  # both must hold
    ]:
        status, plain = fhir("/fhir/PractitionerRole", params)
        _, near = fhir(
            "/fhir/PractitionerRole", {**params, "location.near": f"{NEAR_15213}|5|mi"}
        )
        assert status == 200 and near["total"] == plain["total"], params
        assert sorted(ids(near)) == sorted(ids(plain)), params
    _, near = fhir(
        "/fhir/PractitionerRole",
        {"active": "false", "location.near": f"{NEAR_15213}|5|mi"},
    )
    assert near["total"] == 0 and "entry" not in near


def test_location_near_lists_each_location_once_and_takes_other_parameters(fhir):
    shared = make_location(**PITTSBURGH_15213, name="Shared")
    for _ in range(3):
        make_specialist(locations=[shared])
    make_specialist(locations=[make_location(**CLEVELAND_44113, city="Cleveland")])
    make_location(name="Nobody practices here")
    _, bundle = fhir("/fhir/Location", {"near": f"{NEAR_15213}|300|mi"})
    assert [r["address"]["city"] for r in entries(bundle)] == [
        "Pittsburgh",
        "Cleveland",
    ]
    assert bundle["total"] == 2
    _, bundle = fhir(
        "/fhir/Location", {"near": f"{NEAR_15213}|300|mi", "address-city": "cleve"}
    )
    assert [r["address"]["city"] for r in entries(bundle)] == ["Cleveland"]
    assert _distance(bundle) == pytest.approx([_miles(CLEVELAND_44113)], abs=0.01)


def test_near_beyond_the_counted_matches_leaves_total_out_and_pages_on(
    fhir, monkeypatch
):
    monkeypatch.setattr("fhir_api.query.COUNT_CAP", 4)
    made = set()
    for n in range(7):
        location = make_location(latitude=40.444 + n * 0.01, longitude=-79.9552)
        made.add(str(make_specialist(locations=[location]).pk))
    url, seen, totals = (
        f"/fhir/PractitionerRole?location.near={NEAR_15213}|100|mi&_count=2",
        [],
        [],
    )
    while url:
        _, bundle = fhir(url)
        totals.append(bundle.get("total"))
        seen += [r["practitioner"]["reference"].split("/")[1] for r in entries(bundle)]
        url = {link["relation"]: link["url"] for link in bundle["link"]}.get("next")
    assert sorted(seen) == sorted(made) and len(seen) == 7
    # Each page counts to 4, or to its own end when that is further: only the
    # last page's count reaches past the 7th match, so only it has the total.
    assert totals == [None, None, None, 7]


def test_a_suspended_listing_leaves_near_searches_at_once(fhir):
    gone = make_specialist(last_name="Gone")
    make_specialist(last_name="Stays")
    Specialist.objects.filter(pk=gone.pk).update(status=Specialist.Status.SUSPENDED)
    for path, params in [
        ("/fhir/PractitionerRole", {"location.near": f"{NEAR_15213}|5|mi"}),
        ("/fhir/Location", {"near": f"{NEAR_15213}|5|mi"}),
    ]:
        _, bundle = fhir(path, params)
        assert bundle["total"] == 1, path
    _, bundle = fhir("/fhir/PractitionerRole", {"location.near": f"{NEAR_15213}|5|mi"})
    assert entries(bundle)[0]["practitioner"]["display"].startswith("Test Stays")

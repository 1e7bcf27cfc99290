import pytest

from geo.points import make_point
from providers import querysets
from providers.models import Specialist
from tests.factories import (
    PHILADELPHIA_19104,
    PITTSBURGH_15213,
    make_location,
    make_procedure,
    make_specialist,
)

pytestmark = pytest.mark.django_db

PITTSBURGH = make_point(**PITTSBURGH_15213)
# About 10 miles east of 15213, in Monroeville.
MONROEVILLE = {"latitude": 40.4312, "longitude": -79.7881}


def near_pittsburgh(radius_mi, queryset=None):
    queryset = queryset or Specialist.objects.published()
    return list(queryset.near(PITTSBURGH, radius_mi=radius_mi))


def test_near_lists_nearest_first_with_distance_in_miles():
    far = make_specialist(locations=[make_location(**PHILADELPHIA_19104)])
    near = make_specialist(locations=[make_location(**MONROEVILLE)])
    here = make_specialist(locations=[make_location(**PITTSBURGH_15213)])

    found = near_pittsburgh(500)

    assert found == [here, near, far]
    assert found[0].distance.mi < 0.01
    assert 8 < found[1].distance.mi < 12
    assert 250 < found[2].distance.mi < 262


def test_near_leaves_out_specialists_beyond_the_radius():
    make_specialist(locations=[make_location(**PHILADELPHIA_19104)])
    here = make_specialist(locations=[make_location(**PITTSBURGH_15213)])

    assert near_pittsburgh(25) == [here]


def test_near_lists_each_specialist_once_at_the_nearest_location():
    two_sites = make_specialist(
        locations=[
            make_location(**PHILADELPHIA_19104),
            make_location(**MONROEVILLE),
        ]
    )

    found = near_pittsburgh(500)

    assert found == [two_sites]
    assert found[0].distance.mi < 12


def test_near_keeps_the_filters_already_applied():
    kyphoplasty = make_procedure(slug="kyphoplasty")
    make_specialist(locations=[make_location(**PITTSBURGH_15213)])
    performer = make_specialist(
        locations=[make_location(**MONROEVILLE)], procedures=[kyphoplasty]
    )

    found = near_pittsburgh(25, Specialist.objects.published().performing(kyphoplasty))

    assert found == [performer]


def test_near_considers_only_the_nearest_window_of_locations(monkeypatch):
    monkeypatch.setattr(querysets, "NEAREST_LOCATIONS_WINDOW", 2)
    here = make_specialist(locations=[make_location(**PITTSBURGH_15213)])
    near = make_specialist(locations=[make_location(**MONROEVILLE)])
    make_specialist(locations=[make_location(**PHILADELPHIA_19104)])

    assert near_pittsburgh(500) == [here, near]


def test_public_locations_are_those_of_published_specialists():
    shown = make_location(name="Shown")
    hidden = make_location(name="Hidden")
    make_specialist(locations=[shown])
    make_specialist(locations=[hidden], status=Specialist.Status.SUSPENDED)
    from providers.models import Location

    assert [loc.name for loc in Location.objects.public()] == ["Shown"]


def test_locations_near_are_nearest_first_within_the_radius():
    from geopy.distance import geodesic

    from providers.models import Location

    for name, place in [
        ("Philadelphia", PHILADELPHIA_19104),
        ("Monroeville", MONROEVILLE),
        ("Pittsburgh", PITTSBURGH_15213),
    ]:
        make_location(**place, name=name)
    found = list(Location.objects.near(PITTSBURGH, radius_mi=50))
    assert [loc.name for loc in found] == ["Pittsburgh", "Monroeville"]
    assert found[1].distance.mi == pytest.approx(
        geodesic(tuple(PITTSBURGH_15213.values()), tuple(MONROEVILLE.values())).miles,
        abs=0.01,
    )
    assert found[0].matches == 2

import pytest

from providers.models import Location, Specialist
from tests.factories import make_location, make_specialist

pytestmark = pytest.mark.django_db


def test_public_locations_are_those_of_published_specialists():
    shown = make_location(name="Shown")
    hidden = make_location(name="Hidden")
    make_specialist(locations=[shown])
    make_specialist(locations=[hidden], status=Specialist.Status.SUSPENDED)

    assert [loc.name for loc in Location.objects.public()] == ["Shown"]

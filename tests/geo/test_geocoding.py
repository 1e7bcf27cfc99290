import pytest
from geopy.exc import GeocoderTimedOut
from geopy.geocoders.base import Geocoder
from geopy.location import Location as GeopyLocation

from geo import geocoding
from geo.geocoding import GeocodingError, Precision, geocode, geocode_address
from geo.models import GeocodeCache


@pytest.mark.parametrize("text", ["15213", "15213-3890", " 15213 "])
def test_zip_and_zip_plus_four_resolve_to_the_zip_centroid(text):
    place = geocode(text)
    assert (round(place.point.y, 4), round(place.point.x, 4)) == (40.444, -79.9552)
    assert place.precision == Precision.ZIP
    assert place.approximate


@pytest.mark.parametrize(
    "text",
    [
        "15213-38901",
        "15213-389",
        "15213-",
        "4200 Fifth Avenue, Pittsburgh, PA 15213-38901",
    ],
)
def test_a_malformed_zip_plus_four_is_an_error_not_another_zip(text):
    # "15213-38901" once searched around ZIP 38901, in Mississippi.
    with pytest.raises(GeocodingError, match="is not a ZIP code"):
        geocode(text)


@pytest.mark.parametrize(
    "text", ["Pittsburgh, PA", "pittsburgh, pennsylvania", "Pittsburgh PA"]
)
def test_city_and_state_resolve_to_the_city(text):
    place = geocode(text)
    assert place.label == "Pittsburgh, PA"
    assert place.precision == Precision.CITY


def test_street_address_resolves_through_its_zip():
    place = geocode("4200 Fifth Avenue, Pittsburgh, PA 15260")
    assert place.precision == Precision.ZIP
    assert "15260" in place.label


def test_street_address_without_zip_resolves_through_its_city():
    place = geocode("4200 Fifth Avenue, Pittsburgh, PA")
    assert (place.label, place.precision) == ("Pittsburgh, PA", Precision.CITY)


def test_latitude_longitude_is_read_as_is():
    place = geocode("40.4406, -79.9959")
    assert (place.point.y, place.point.x) == (40.4406, -79.9959)
    assert not place.approximate


@pytest.mark.parametrize("text", ["91,-80", "40,-181", "-95.5,10"])
def test_coordinates_off_the_globe_raise_a_clear_error(text):
    with pytest.raises(GeocodingError, match="between"):
        geocode(text)


def test_unknown_places_are_none():
    assert geocode("Atlantis, ZZ") is None
    assert geocode("qwertyuiop") is None


def test_absurdly_long_text_is_refused():
    with pytest.raises(GeocodingError, match="too long"):
        geocode("Pittsburgh " * 50)


@pytest.mark.parametrize(
    ("typed", "plain"),
    [
        ("O\u2019Fallon, MO", "O'Fallon, MO"),  # a phone's apostrophe
        ("Coeur d\u2019Alene, ID", "Coeur d'Alene, ID"),
        ("\u201cPittsburgh, PA\u201d", "Pittsburgh, PA"),
        ("Pitts\u200bburgh, PA", "Pittsburgh, PA"),  # a zero-width space
        ("\u202bPittsburgh, PA\u202c", "Pittsburgh, PA"),  # bidi controls
        ("\ufeff15213", "15213"),  # a byte-order mark
        ("\uff11\uff15\uff12\uff11\uff13", "15213"),  # full-width digits
        ("40.444,\u221279.9552", "40.444,-79.9552"),  # a typographic minus
    ],
)
def test_typed_punctuation_and_invisible_characters_find_the_plain_place(typed, plain):
    place = geocode(typed)
    assert place is not None
    assert place == geocode(plain)


@pytest.mark.parametrize("text", ["\U0001f3e5", "\u200b\u200b", "\u202e"])
def test_text_with_no_place_in_it_is_none(text):
    assert geocode(text) is None


class FakeNetworkGeocoder(Geocoder):
    """Stands in for Nominatim: counts calls, answers one street address."""

    calls = 0
    fail = False

    def __init__(self, **options):
        super().__init__(user_agent=options.get("user_agent"))

    def geocode(self, query, exactly_one=True, **kwargs):
        type(self).calls += 1
        if type(self).fail:
            raise GeocoderTimedOut("took too long")
        if "Fifth Avenue" in query or query == "O'Fallon, MO":
            return GeopyLocation("4200 Fifth Ave, Pittsburgh", (40.4443, -79.9533), {})
        return None


@pytest.fixture
def network_geocoder(settings):
    settings.GEOCODER = "tests.geo.test_geocoding.FakeNetworkGeocoder"
    settings.GEOCODER_MIN_DELAY_SECONDS = 0
    FakeNetworkGeocoder.calls = 0
    FakeNetworkGeocoder.fail = False
    geocoding._rate_limited_geocode.cache_clear()
    yield FakeNetworkGeocoder
    geocoding._rate_limited_geocode.cache_clear()


@pytest.mark.django_db
def test_network_answers_are_cached_in_the_database(network_geocoder):
    first = geocode("4200 Fifth Avenue, Pittsburgh, PA")
    second = geocode("4200  fifth avenue, pittsburgh, pa")
    assert first.precision == Precision.STREET
    assert (first.point.y, first.point.x) == (40.4443, -79.9533)
    assert second == first
    assert network_geocoder.calls == 1
    assert GeocodeCache.objects.count() == 1


@pytest.mark.django_db
def test_a_curly_apostrophe_reaches_the_geocoder_as_a_plain_one(network_geocoder):
    assert geocode("O\u2019Fallon, MO") is not None
    assert geocode("O'Fallon, MO") is not None
    assert network_geocoder.calls == 1  # one cache entry for both spellings


@pytest.mark.django_db
def test_network_misses_are_cached_too(network_geocoder):
    assert geocode("Nowhere at all") is None
    assert geocode("Nowhere at all") is None
    assert network_geocoder.calls == 1


@pytest.mark.django_db
def test_when_the_network_geocoder_fails_the_gazetteer_answers(network_geocoder):
    network_geocoder.fail = True
    place = geocode("4200 Fifth Avenue, Pittsburgh, PA 15213")
    assert place.fallback
    assert place.precision == Precision.ZIP
    assert not GeocodeCache.objects.exists()


def test_an_address_is_placed_at_its_zip_code():
    place = geocode_address(
        street="200 Lothrop St", city="Pittsburgh", state="PA", zip_code="15213"
    )
    assert place.precision == Precision.ZIP
    assert round(place.point.y, 1) == 40.4


def test_an_address_whose_zip_code_is_in_another_state_is_refused():
    with pytest.raises(GeocodingError, match="15213 is in PA, not OH"):
        geocode_address(
            street="1 Main St", city="Columbus", state="OH", zip_code="15213"
        )


def test_an_unknown_address_is_none():
    assert (
        geocode_address(street="1 Main St", city="Nowhere", state="PA", zip_code="")
        is None
    )

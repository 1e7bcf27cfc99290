"""Turns what a patient types into a place: the one seam in front of geocoders.

`geocode(query)` answers with a `Place` or None, and raises `GeocodingError`
when the text can never be a place (a latitude off the globe) so the page can
say why. The default geocoder is the offline `Gazetteer`, written against
geopy's `Geocoder` interface; a deployment may name any geopy geocoder
(`GEOCODER=nominatim`) or a dotted path to a geopy `Geocoder` class. A network
geocoder's answers are cached in the database and rate-limited with geopy's
`RateLimiter`; when it fails or times out, the gazetteer answers and the place
says so. This is the only module that imports geopy's geocoders.
"""

import logging
import re
import unicodedata
from dataclasses import dataclass
from datetime import timedelta
from functools import cache

from django.conf import settings
from django.contrib.gis.geos import Point
from django.db import models
from django.utils import timezone
from django.utils.module_loading import import_string
from geopy.exc import GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import get_geocoder_for_service
from geopy.geocoders.base import Geocoder
from geopy.location import Location as GeopyLocation

from geo import gazetteer
from geo.models import GeocodeCache
from geo.points import make_point

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 200

ZIP_PATTERN = re.compile(r"^(\d{5})(?:-\d{4})?$")
# Not preceded by a hyphen or a digit: "15213-38901" must not end in ZIP 38901.
ZIP_AT_END = re.compile(r"(?<![\d-])(\d{5})(?:-\d{4})?\s*$")
# A ZIP with a malformed extension: five digits, a hyphen, and anything but four.
BAD_ZIP_PLUS_4 = re.compile(r"(?<![\d-])\d{5}-(?!\d{4}\s*$)\S*\s*$")
LAT_LNG_PATTERN = re.compile(
    r"^\s*(-?\d{1,3}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$"
)


# What phones and word processors type in place of plain punctuation.
TYPOGRAPHIC = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u02bc": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"',
        "\u2033": '"', "\u00ab": '"', "\u00bb": '"', "\u2010": "-", "\u2011": "-",
        "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    }
)  # fmt: skip


def clean_place_text(text: str) -> str:
    """What a person typed, as the geocoders should read it: compatibility
    forms folded (full-width digits, ligatures: NFKC), curly quotes and dashes
    made plain, invisible characters (zero-width spaces, bidi controls, the
    byte-order mark) dropped, runs of white space made one space. So
    "O’Fallon, MO" and "O'Fallon, MO" are one place, and one cache entry."""
    text = unicodedata.normalize("NFKC", text).translate(TYPOGRAPHIC)
    text = "".join(c for c in text if unicodedata.category(c) not in ("Cf", "Cc"))
    return " ".join(text.split())


class Precision(models.TextChoices):
    """How exactly a point matches what was asked for: a search's place, and a
    practice location's stored point."""

    ROOFTOP = "rooftop", "Rooftop (exact address)"
    STREET = "street", "Street"
    ZIP = "zip", "ZIP code centroid"
    CITY = "city", "City centroid"
    MANUAL = "manual", "Placed by hand"


APPROXIMATE = {Precision.ZIP, Precision.CITY}


class GeocodingError(Exception):
    """The text cannot be a place; the message says why, for the patient."""


@dataclass(frozen=True)
class Place:
    """Where a search is centred."""

    point: Point
    label: str
    precision: str
    source: str = "gazetteer"
    fallback: bool = False  # the configured geocoder failed; the gazetteer answered

    @property
    def approximate(self) -> bool:
        return self.precision in APPROXIMATE


class Gazetteer(Geocoder):
    """geopy's Geocoder interface over the offline gazetteer (no network).

    Understands a ZIP or ZIP+4, "City, ST", "City, State", "City ST", and a
    street address through the ZIP or the city and state at its end. The raw
    answer carries the precision: "zip" or "city".
    """

    def geocode(self, query, *, exactly_one=True, **kwargs):
        entry, precision = self._lookup(" ".join(str(query).split()))
        if entry is None:
            return None
        location = GeopyLocation(
            entry.name,
            (entry.latitude, entry.longitude),
            {"precision": precision, "city": entry.city, "state": entry.state},
        )
        return location if exactly_one else [location]

    def _lookup(self, text: str):
        if match := ZIP_PATTERN.match(text):
            return gazetteer.find_zip(match.group(1)), Precision.ZIP
        parts = [p.strip() for p in text.split(",") if p.strip()]
        if parts and (match := ZIP_AT_END.search(parts[-1])):
            entry = gazetteer.find_zip(match.group(1))
            if entry is not None:
                return entry, Precision.ZIP
            parts[-1] = parts[-1][: match.start()].strip()
            parts = [p for p in parts if p]
        if len(parts) >= 2 and (entry := gazetteer.find_city(parts[-2], parts[-1])):
            return entry, Precision.CITY
        if parts:
            # "Pittsburgh PA" or "100 Main St, Pittsburgh PA": state is the last word.
            words = parts[-1].rsplit(" ", 2)
            for split in (1, 2):
                if len(words) > split:
                    city = " ".join(words[:-split])
                    state = " ".join(words[-split:])
                    if entry := gazetteer.find_city(city, state):
                        return entry, Precision.CITY
        return None, None


def geocode(query: str) -> Place | None:
    """The place a patient means by `query`, or None if no geocoder knows it.

    "lat,lng" is read directly. Raises GeocodingError for text that cannot be a
    place. The gazetteer costs a dictionary read (its first use loads the ZIP
    list, about half a second); a network geocoder, one cached lookup.
    """
    text = clean_place_text(query)
    if not text:
        return None
    if len(text) > MAX_QUERY_LENGTH:
        raise GeocodingError(
            f"That is too long for a place. Use at most {MAX_QUERY_LENGTH} "
            "characters, such as a ZIP code or a city and state."
        )
    if match := LAT_LNG_PATTERN.match(text):
        return _coordinates(float(match.group(1)), float(match.group(2)))
    if match := BAD_ZIP_PLUS_4.search(text):
        raise GeocodingError(
            f"“{match.group(0).strip()}” is not a ZIP code. Give five digits, "
            "such as 15213, or a ZIP+4 such as 15213-3890."
        )
    if settings.GEOCODER == "gazetteer":
        return _from_gazetteer(text)
    try:
        return _from_network(text)
    except GeopyError:
        logger.warning("Geocoder %s failed; using the gazetteer", settings.GEOCODER)
        place = _from_gazetteer(text)
        return place and Place(
            place.point, place.label, place.precision, place.source, fallback=True
        )


def geocode_address(
    *, street: str, city: str, state: str, zip_code: str
) -> Place | None:
    """Where a practice address goes on the map, or None if no geocoder knows it.

    Raises GeocodingError when the ZIP code belongs to another state than
    `state` (a typo that would put the practice hundreds of miles away).
    Offline (the gazetteer) the point is the ZIP code's centroid, else the
    city's; a network geocoder may place the street.
    """
    entry = gazetteer.find_zip(zip_code)
    if entry is not None and entry.state != state:
        raise GeocodingError(
            f"ZIP code {zip_code[:5]} is in {entry.state}, not {state}."
        )
    return geocode(f"{street}, {city}, {state} {zip_code}")


def _coordinates(latitude: float, longitude: float) -> Place:
    try:
        point = make_point(latitude=latitude, longitude=longitude)
    except ValueError as error:
        raise GeocodingError(
            f"{error} Give latitude first, then longitude, such as 40.444,-79.955."
        ) from None
    return Place(point, f"{latitude:.4f}, {longitude:.4f}", Precision.MANUAL)


@cache
def _gazetteer() -> "Gazetteer":
    # One for the process: building a geopy Geocoder builds a urllib opener
    # (an SSL context), 5 to 150 ms, even for one that never uses the network.
    return Gazetteer()


def _from_gazetteer(text: str) -> Place | None:
    location = _gazetteer().geocode(text)
    if location is None:
        return None
    return Place(
        make_point(latitude=location.latitude, longitude=location.longitude),
        location.address,
        location.raw["precision"],
    )


def _from_network(text: str) -> Place | None:
    key = text.lower()
    cached = GeocodeCache.objects.filter(
        geocoder=settings.GEOCODER,
        query=key,
        created__gte=timezone.now() - timedelta(days=settings.GEOCODER_CACHE_DAYS),
    ).first()
    if cached is None:
        location = _rate_limited_geocode()(text, exactly_one=True)
        cached, _ = GeocodeCache.objects.update_or_create(
            geocoder=settings.GEOCODER,
            query=key,
            defaults={
                "found": location is not None,
                "latitude": location and location.latitude,
                "longitude": location and location.longitude,
                "label": (location.address if location else "")[:300],
                "created": timezone.now(),
            },
        )
    if not cached.found:
        return None
    return Place(
        make_point(latitude=cached.latitude, longitude=cached.longitude),
        cached.label,
        Precision.STREET,
        source=settings.GEOCODER,
    )


@cache
def _rate_limited_geocode():
    """The configured geopy geocoder's `geocode`, at most one call per delay.

    Errors are not swallowed: they reach `geocode`, which falls back to the
    gazetteer. Cached per process; tests clear it with `cache_clear()`.
    """
    name = settings.GEOCODER
    geocoder_class = (
        import_string(name) if "." in name else get_geocoder_for_service(name)
    )
    options = {"user_agent": settings.GEOCODER_USER_AGENT}
    options["timeout"] = settings.GEOCODER_TIMEOUT
    if settings.GEOCODER_DOMAIN:
        options["domain"] = settings.GEOCODER_DOMAIN
    if settings.GEOCODER_API_KEY:
        options["api_key"] = settings.GEOCODER_API_KEY
    return RateLimiter(
        geocoder_class(**options).geocode,
        min_delay_seconds=settings.GEOCODER_MIN_DELAY_SECONDS,
        max_retries=0,
        swallow_exceptions=False,
    )

"""The offline gazetteer: US ZIP codes and cities with their centroids.

Built from the `zipcodes` package, which ships the USPS ZIP list with
coordinates inside its wheel, so it works with no network. The first lookup
loads the list (about half a second); each later lookup is a dictionary read.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

import zipcodes

STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas",
    "CA": "California", "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware",
    "DC": "District of Columbia", "FL": "Florida", "GA": "Georgia", "HI": "Hawaii",
    "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas",
    "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland",
    "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska",
    "NV": "Nevada", "NH": "New Hampshire", "NJ": "New Jersey",
    "NM": "New Mexico", "NY": "New York", "NC": "North Carolina",
    "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon",
    "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina",
    "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas", "UT": "Utah",
    "VT": "Vermont", "VA": "Virginia", "WA": "Washington", "WV": "West Virginia",
    "WI": "Wisconsin", "WY": "Wyoming", "PR": "Puerto Rico", "GU": "Guam",
    "VI": "Virgin Islands", "AS": "American Samoa", "MP": "Northern Mariana Islands",
}  # fmt: skip
STATE_CODES = {name.upper(): code for code, name in STATES.items()}


@dataclass(frozen=True)
class Entry:
    """A ZIP or a city, with the centroid the gazetteer gives it."""

    name: str
    latitude: float
    longitude: float
    city: str
    state: str
    zip_code: str = ""


def normalize(text: str) -> str:
    """Upper case without accents or punctuation: 'St. Louis' -> 'ST LOUIS'."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[^A-Za-z0-9 ]+", " ", text)
    return " ".join(text.upper().split())


CITY_PREFIXES = {"ST": "SAINT", "STE": "SAINTE", "FT": "FORT", "MT": "MOUNT"}


def city_key(text: str) -> str:
    """A city name as the index keys it: 'St. Louis' and 'Saint Louis' match."""
    words = normalize(text).split()
    if words and words[0] in CITY_PREFIXES:
        words[0] = CITY_PREFIXES[words[0]]
    return " ".join(words)


def state_code(text: str) -> str | None:
    """'PA', 'pa', 'Pennsylvania' -> 'PA'; None if it names no state."""
    key = normalize(text)
    if key in STATES:
        return key
    return STATE_CODES.get(key)


@cache
def _zip_index() -> dict[str, Entry]:
    index = {}
    for record in zipcodes.list_all():
        if not record["lat"] or not record["long"]:
            continue
        index[record["zip_code"]] = Entry(
            name=f"{record['city'].title()}, {record['state']} {record['zip_code']}",
            latitude=float(record["lat"]),
            longitude=float(record["long"]),
            city=record["city"],
            state=record["state"],
            zip_code=record["zip_code"],
        )
    return index


@cache
def _city_index() -> dict[tuple[str, str], Entry]:
    """(CITY, ST) -> the mean of the city's ZIP centroids.

    Standard, active ZIPs only where a city has them: PO-box and unique ZIPs
    sit at post offices and large buildings, not where people live.
    """
    primary: dict[tuple[str, str], list[dict]] = {}
    acceptable: dict[tuple[str, str], list[dict]] = {}
    for record in zipcodes.list_all():
        if not record["lat"] or not record["long"]:
            continue
        key = (city_key(record["city"]), record["state"])
        primary.setdefault(key, []).append(record)
        for name in record.get("acceptable_cities", []):
            acceptable.setdefault((city_key(name), record["state"]), []).append(record)
    index = {}
    for (city, state), records in {**acceptable, **primary}.items():
        preferred = [
            r for r in records if r["active"] and r["zip_code_type"] == "STANDARD"
        ] or records
        index[(city, state)] = Entry(
            name=f"{preferred[0]['city'].title()}, {state}",
            latitude=sum(float(r["lat"]) for r in preferred) / len(preferred),
            longitude=sum(float(r["long"]) for r in preferred) / len(preferred),
            city=preferred[0]["city"].title(),
            state=state,
        )
    return index


def find_zip(zip_code: str) -> Entry | None:
    """A 5-digit ZIP's centroid, or None if it is not a known ZIP."""
    return _zip_index().get(zip_code[:5])


def find_city(city: str, state: str) -> Entry | None:
    """A city's centroid by name and state (code or name), or None."""
    code = state_code(state)
    if code is None:
        return None
    return _city_index().get((city_key(city), code))


def zips_in_city(city: str, state: str) -> list[Entry]:
    """The standard, active ZIPs whose main city is this one, in ZIP order."""
    return _city_zips().get((city_key(city), state_code(state) or ""), [])


@cache
def _city_zips() -> dict[tuple[str, str], list[Entry]]:
    index: dict[tuple[str, str], list[Entry]] = {}
    zips = _zip_index()
    for record in zipcodes.list_all():
        standard = record["active"] and record["zip_code_type"] == "STANDARD"
        if standard and record["zip_code"] in zips:
            key = (city_key(record["city"]), record["state"])
            index.setdefault(key, []).append(zips[record["zip_code"]])
    return index


def zip_entries() -> list[Entry]:
    """Every ZIP the gazetteer can place, in ZIP order."""
    return [entry for _, entry in sorted(_zip_index().items())]


def weighted_zips() -> tuple[list[Entry], list[int]]:
    """Standard, active ZIPs with a weight for picking them in proportion to
    where people live.

    The gazetteer has no population, so a ZIP weighs as many as the standard
    ZIPs of its city: a city's ZIP count grows with its population (New York
    and Houston weigh about a hundred times a village's one ZIP).
    """
    entries, weights = [], []
    for zips in _city_zips().values():
        for entry in zips:
            entries.append(entry)
            weights.append(len(zips))
    return entries, weights


def warm_up() -> None:
    """Load every index now (about 0.3 s) rather than on the first lookup: a
    server process does it before it forks or serves (see config/wsgi.py)."""
    _zip_index()
    _city_index()
    _city_zips()


@dataclass(frozen=True)
class City:
    """A city for a map label: its name, centre and count of standard ZIPs."""

    name: str
    state: str
    latitude: float
    longitude: float
    zip_count: int


def cities() -> list[City]:
    """Every city with a standard, active ZIP, at the mean of those ZIPs."""
    found = []
    for (_, state), zips in sorted(_city_zips().items()):
        found.append(
            City(
                name=zips[0].city.title(),
                state=state,
                latitude=sum(z.latitude for z in zips) / len(zips),
                longitude=sum(z.longitude for z in zips) / len(zips),
                zip_count=len(zips),
            )
        )
    return found

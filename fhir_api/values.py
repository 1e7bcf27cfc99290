"""Reads the values of FHIR search parameters (token, reference, string, date,
near); a bad value raises BadParameter, which the view answers with a 400."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import reduce
from operator import and_, or_

from django.contrib.gis.geos import Point
from django.db.models import Q
from django.utils.dateparse import parse_datetime

from directory.filters import DEFAULT_RADIUS_MI, MAX_RADIUS_MI
from geo.points import make_point

MILES_PER_UNIT = {
    "mi": 1.0,
    "[mi_i]": 1.0,
    "km": 0.621371192,
    "m": 0.000621371192,
}


class BadParameter(Exception):
    """A search parameter the server cannot use: the message names it."""

    def __init__(self, parameter: str, message: str):
        super().__init__(message)
        self.parameter = parameter
        self.message = message


def token(parameter: str, value: str, *, system: str | None = None) -> str:
    """The code of a token `[system|]code`. A system other than `system`
    matches nothing, so it gives None."""
    if "|" not in value:
        return value
    given, code = value.split("|", 1)
    if not code:
        raise BadParameter(parameter, f"{parameter}: give a code after the '|'.")
    return code if not given or given == system else None


def reference(parameter: str, value: str, resource_type: str) -> str:
    """The id in a reference `Type/id`, `id` or `<base>/Type/id`."""
    parts = value.rstrip("/").split("/")
    if len(parts) >= 2 and parts[-2] != resource_type:
        raise BadParameter(
            parameter, f"{parameter} refers to a {resource_type}, not a {parts[-2]}."
        )
    if not parts[-1]:
        raise BadParameter(parameter, f"{parameter}: give a {resource_type} id.")
    return parts[-1]


def integer_ids(values: list[str]) -> list[int]:
    """Ids that can exist here (ours are numbers); any other matches nothing."""
    return [int(v) for v in values if v.isdigit() and len(v) < 19]


def string(fields: list[str], value: str, modifier: str) -> Q:
    """FHIR string matching on any of `fields`: starts with, ignoring case and
    accents; `:contains` anywhere; `:exact` the whole value, case included."""
    lookup = {
        "": "unaccent__istartswith",
        "contains": "unaccent__icontains",
        "exact": "exact",
    }[modifier]
    condition = Q()
    for field in fields:
        condition |= Q(**{f"{field}__{lookup}": value})
    return condition


_PREFIXES = ("eq", "ne", "gt", "lt", "ge", "le", "sa", "eb", "ap")


def date_range(parameter: str, value: str) -> tuple[str, datetime, datetime]:
    """The prefix and the [start, end) range of a FHIR date value: `2026`,
    `2026-11`, `2026-11-24` or a dateTime, with an optional prefix."""
    prefix = value[:2] if value[:2] in _PREFIXES else "eq"
    text = value[2:] if value[:2] in _PREFIXES else value
    if prefix not in ("eq", "gt", "lt", "ge", "le"):
        raise BadParameter(
            parameter, f"{parameter}: the prefix {prefix} is not supported."
        )
    try:
        if len(text) == 4:
            start = datetime(int(text), 1, 1, tzinfo=UTC)
            return prefix, start, start.replace(year=start.year + 1)
        if len(text) == 7:
            start = datetime.strptime(text, "%Y-%m").replace(tzinfo=UTC)
            end = (start + timedelta(days=32)).replace(day=1)
            return prefix, start, end
        if len(text) == 10:
            start = datetime.strptime(text, "%Y-%m-%d").replace(tzinfo=UTC)
            return prefix, start, start + timedelta(days=1)
        moment = parse_datetime(text.replace(" ", "+"))
    except (ValueError, OverflowError):  # not a date, or past the year 9999
        moment = None
    if moment is None:
        raise BadParameter(
            parameter,
            f"{parameter}: “{value[:40]}” is not a date such as 2026-11-24 or "
            "2026-11-24T10:00:00Z, with an optional prefix ge, gt, le or lt.",
        )
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    if moment.year == 9999:
        raise BadParameter(parameter, f"{parameter}: give a date before the year 9999.")
    return prefix, moment, moment + timedelta(microseconds=1)


def date_condition(parameter: str, fields: list[str], value: str) -> Q:
    """The condition for a date `value` on the latest of `fields` (a role
    changes when its specialist or its location does), written on each field
    so that an index on each can serve it."""
    prefix, start, end = date_range(parameter, value)

    def any_(lookup, moment):
        return reduce(or_, [Q(**{f"{f}__{lookup}": moment}) for f in fields])

    def all_(lookup, moment):
        return reduce(and_, [Q(**{f"{f}__{lookup}": moment}) for f in fields])

    return {
        "eq": any_("gte", start) & all_("lt", end),
        "ge": any_("gte", start),
        "gt": any_("gte", end),
        "le": all_("lt", end),
        "lt": all_("lt", start),
    }[prefix]


@dataclass(frozen=True)
class Near:
    point: Point
    radius_mi: float


def near(parameter: str, value: str) -> Near:
    """`latitude|longitude|distance|units`; units km (the default, as FHIR
    says), m, mi or [mi_i]; distance DEFAULT_RADIUS_MI miles when not given,
    at most MAX_RADIUS_MI."""
    parts = value.split("|")
    if not 2 <= len(parts) <= 4:
        raise BadParameter(
            parameter,
            f"{parameter} is latitude|longitude|distance|units, such as "
            "40.444|-79.955|25|mi.",
        )
    try:
        point = make_point(latitude=parts[0], longitude=parts[1])
    except ValueError as error:
        message = str(error) if "between" in str(error) else "not a number"
        raise BadParameter(
            parameter, f"{parameter}: the latitude and longitude: {message}."
        ) from None
    radius_mi = float(DEFAULT_RADIUS_MI)
    if len(parts) >= 3 and parts[2]:
        units = parts[3] if len(parts) == 4 and parts[3] else "km"
        if units not in MILES_PER_UNIT:
            raise BadParameter(
                parameter,
                f"{parameter}: units are km, m, mi or [mi_i], not {units[:20]}.",
            )
        try:
            radius_mi = float(parts[2]) * MILES_PER_UNIT[units]
        except ValueError:
            raise BadParameter(
                parameter, f"{parameter}: the distance must be a number."
            ) from None
        if not 0 < radius_mi <= MAX_RADIUS_MI:
            raise BadParameter(
                parameter,
                f"{parameter}: the distance must be more than 0 and at most "
                f"{MAX_RADIUS_MI} miles.",
            )
    return Near(point=point, radius_mi=radius_mi)

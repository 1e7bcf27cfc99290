"""Reads opening hours as listings write them ("Monday to Friday, 8 am to 5 pm;
Saturday, 9 am to noon") into FHIR's structured hoursOfOperation."""

import re
from functools import lru_cache

DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
_DAY = r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_TIME = r"(noon|midnight|\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.))"
_PART = re.compile(
    rf"^(?P<days>.+?),\s*(?P<open>{_TIME})\s*(?:to|-|–)\s*(?P<close>{_TIME})$"
)


@lru_cache(maxsize=1024)
def parse_hours(text: str) -> tuple[dict, ...] | None:
    """hoursOfOperation entries for `text`, or None when any part of it does not
    read as "days, time to time" (then the text is given as it was written).
    Cached: listings share a few ways of writing their hours. Do not mutate."""
    entries = []
    for part in filter(None, (p.strip() for p in text.lower().split(";"))):
        match = _PART.match(part)
        days = _days(match["days"]) if match else None
        if not days:
            return None
        entries.append(
            {
                "daysOfWeek": days,
                "openingTime": _time(match["open"]),
                "closingTime": _time(match["close"]),
            }
        )
    return tuple(entries) or None


def _days(text: str) -> list[str] | None:
    days = []
    for chunk in re.split(r",|\band\b", text):
        chunk = chunk.strip()
        span = re.fullmatch(rf"{_DAY}\s*(?:to|-|–|through)\s*{_DAY}", chunk)
        if span:
            first, last = DAYS.index(span[1][:3]), DAYS.index(span[2][:3])
            if last < first:
                return None
            days += DAYS[first : last + 1]
        elif re.fullmatch(_DAY, chunk):
            days.append(chunk[:3])
        else:
            return None
    return days


def _time(text: str) -> str:
    if text == "noon":
        return "12:00:00"
    if text == "midnight":
        return "00:00:00"
    match = re.match(r"(\d{1,2})(?::(\d{2}))?\s*([ap])", text)
    hour, minute = int(match[1]) % 12, int(match[2] or 0)
    if match[3] == "p":
        hour += 12
    return f"{hour:02d}:{minute:02d}:00"

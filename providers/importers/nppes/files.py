"""The dates NPPES files' names give, and which file is older news."""

import re
from datetime import date

from providers.models import ImportRun, Source

FILE_DATE = re.compile(r"(\d{8})-(\d{8})")
# A weekly file covers 7 days, a monthly one everything since 2005.
FULL_FILE_DAYS = 31


def file_period(name: str) -> tuple[date, date] | None:
    """The period a file's name gives (npidata_pfile_A-B.csv): (A, B)."""
    match = FILE_DATE.search(name)
    if not match:
        return None
    try:
        start, end = (
            date(int(text[:4]), int(text[4:6]), int(text[6:]))
            for text in match.groups()
        )
    except ValueError:
        return None
    return start, end


def file_date(name: str) -> date | None:
    """The end date of the period a file's name gives (npidata_pfile_A-B.csv)."""
    period = file_period(name)
    return period[1] if period else None


def newest_file() -> date | None:
    """The date of the newest NPPES file imported to the end, weekly or
    monthly (by the date its name gives)."""
    names = ImportRun.objects.filter(
        source=Source.NPPES, finished__isnull=False
    ).values_list("file_name", flat=True)
    return max(filter(None, map(file_date, names)), default=None)


def newest_full_file() -> date | None:
    """The date of the newest full (monthly) NPPES file imported to the end.

    A monthly file holds every NPI as of its date (its period starts with the
    registry, 2005); a weekly one only what changed that week. So any file
    older than a monthly file already imported is older news for every NPI it
    names, even one that monthly file left unchanged or out of scope."""
    newest = None
    names = ImportRun.objects.filter(
        source=Source.NPPES, finished__isnull=False
    ).values_list("file_name", flat=True)
    for name in names:
        period = file_period(name)
        if period and (period[1] - period[0]).days > FULL_FILE_DAYS:
            newest = max(newest or period[1], period[1])
    return newest

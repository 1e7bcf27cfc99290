"""A file's month, and the rule that an import never goes back in time."""

from datetime import date

from providers.importers.copying import ImportFileError
from providers.models import ImportRun


def last_month(source: str) -> date | None:
    """The month of the newest file of `source` imported to the end."""
    runs = ImportRun.objects.filter(source=source, finished__isnull=False)
    months = [
        date.fromisoformat(run.summary["month"] + "-01")
        for run in runs.only("summary")
        if run.summary.get("month")
    ]
    return max(months, default=None)


def refuse_older(source: str, month: date, label: str) -> None:
    """Stop before anything is written when `month` is older than the month
    already imported: an older file would undo newer facts."""
    newest = last_month(source)
    if newest is not None and month < newest:
        raise ImportFileError(
            f"This {label} is of {month:%B %Y}, older than the one already "
            f"imported ({newest:%B %Y}): importing it would undo newer facts. "
            "If the month is wrong, give the right one with --month."
        )

"""What every importer shares: one import at a time, the rejects file, the
summary every command reports, and the checks that stop a file going backwards."""

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import connection

from providers.importers.copying import ImportFileError
from providers.importers.rejects import RejectsWriter

# pg_advisory_lock key held by every import while it runs: two imports at once
# would share staging tables and race on the same rows.
IMPORT_LOCK = 8_513_013

# The counts every importer's summary has, in the order commands print them.
SUMMARY_KEYS = [
    "read", "created", "updated", "unchanged", "skipped", "rejected", "conflicts",
]  # fmt: skip
REJECT_HEADER = ["file", "line", "npi", "reason"]


def default_rejects(name: str) -> Path:
    """Where a command's rejects go unless told: .data/rejects/<name>, beside
    the project's own database, never the working folder."""
    return Path(settings.BASE_DIR) / ".data" / "rejects" / name


@contextmanager
def import_lock(log=None) -> Iterator[None]:
    """Hold the import lock: a second import waits, saying so, until the first
    ends (its session's lock goes with it, even if it is killed)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [IMPORT_LOCK])
        (got,) = cursor.fetchone()
        if not got:
            if log:
                log("Another import is running; waiting for it to finish…")
            started = time.perf_counter()
            cursor.execute("SELECT pg_advisory_lock(%s)", [IMPORT_LOCK])
            if log:
                waited = time.perf_counter() - started
                log(f"The other import ended after {waited:.0f} s; starting.")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [IMPORT_LOCK])


def open_rejects(path: Path):
    """The rejects file, open for writing (its folder made), or one clear line."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return open(path, "w", newline="", encoding="utf-8")  # noqa: SIM115
    except OSError as error:
        raise ImportFileError(
            f"{path}: cannot write the rejects file ({error.strerror})."
        ) from error


@contextmanager
def rejects_writer(path: Path | None) -> Iterator:
    """A CSV writer of rejected lines (file, line, npi, reason), or None;
    cells a spreadsheet would run are written as text (RejectsWriter).
    The file is opened before any work, so an unwritable path stops the
    import at once with one line."""
    if path is None:
        yield None
        return
    with open_rejects(path) as f:
        writer = RejectsWriter(f)
        writer.writerow(REJECT_HEADER)
        yield writer


def check_file(path: Path) -> None:
    """One clear line for a path that cannot be a source file."""
    if not path.exists():
        raise ImportFileError(f"{path}: no such file.")
    if path.is_dir():
        raise ImportFileError(f"{path}: is a folder, not a file.")
    try:
        with open(path, "rb") as f:
            f.read(1)
    except OSError as error:
        raise ImportFileError(f"{path}: cannot be read ({error.strerror}).") from error
    if path.stat().st_size == 0:
        raise ImportFileError(f"{path}: the file is empty.")


MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(text: str) -> date:
    """'2026-11' -> date(2026, 11, 1); ValueError otherwise."""
    match = MONTH.match(text.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(f"{text!r} is not a month such as 2026-11.")
    return date(int(match.group(1)), int(match.group(2)), 1)


def file_month(path: Path) -> date:
    """The month a downloaded file is of, when no one says: its modification
    time (CMS's file names carry no date)."""
    return date.fromtimestamp(path.stat().st_mtime).replace(day=1)


@dataclass
class Summary:
    """Counts of one import: SUMMARY_KEYS, then what `skipped` and the rest
    are made of."""

    counts: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(SUMMARY_KEYS, 0)
    )
    seconds: float = 0.0
    file: str = ""
    month: date | None = None

    def as_dict(self) -> dict:
        result = {**self.counts, "seconds": round(self.seconds, 2)}
        if self.file:
            result["file"] = self.file
        if self.month:
            result["month"] = self.month.strftime("%Y-%m")
        return result

    def line(self) -> str:
        """The counts as a command prints them."""
        return ", ".join(f"{key} {value:,}" for key, value in self.counts.items())


class Steps:
    """Says how long each step took, when there is someone to tell."""

    def __init__(self, log=None):
        self.log = log
        self.start = time.perf_counter()

    def done(self, what: str) -> None:
        now = time.perf_counter()
        if self.log:
            self.log(f"{what} ({now - self.start:.1f} s)")
        self.start = now

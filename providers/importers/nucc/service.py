"""Import the NUCC Health Care Provider Taxonomy code set: the specialties.

About 900 rows, so it reads the CSV in Python; upsert by code, the name from
Display Name (or Classification, Specialization where a file has none).
"""

import csv
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from providers.importers.copying import ImportFileError
from providers.importers.rejects import RejectsWriter
from providers.models import Specialty
from providers.slugs import unique_slug
from providers.validators import NUCC_PATTERN

NEEDED = ["Code", "Classification", "Specialization", "Display Name"]


@dataclass
class NuccSummary:
    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    # (line, code, reason) of each row refused; the line is where the row began.
    rejects: list[tuple[int, str, str]] | None = None

    def reject(self, line: int, code: str, reason: str) -> None:
        self.rejected += 1
        self.rejects.append((line, code, reason))


def display_name(row: dict) -> str:
    name = (row.get("Display Name") or "").strip()
    if name:
        return name
    parts = [row.get("Classification", ""), row.get("Specialization", "")]
    return ", ".join(part.strip() for part in parts if part and part.strip())


def _rows(reader: csv.DictReader, summary: NuccSummary):
    """(line, row) of each well-formed row; the others go to the rejects.

    A row with too few or too many values, or a name that runs over a line
    (an unclosed quote reads on into the next rows), is never applied: it
    would rename a specialty with another column's text. An unclosed quote
    that runs to the end of the file stops the reading there."""
    width = len(reader.fieldnames)
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            summary.read += 1
            summary.reject(line, "", f"malformed row: {error}; the rest is unread")
            return
        summary.read += 1
        count = len(row) - 1 + len(row[None]) if None in row else width
        count -= sum(value is None for value in row.values())
        code = (row.get("Code") or "").strip()
        if count != width:
            summary.reject(line, code, f"malformed row: {count} values, not {width}")
        elif any("\n" in (row[name] or "") for name in NEEDED):
            summary.reject(line, code, "malformed row: a quote is never closed")
        else:
            yield line, row


@transaction.atomic
def import_nucc(path: Path) -> NuccSummary:
    """Create or rename the specialties of a NUCC taxonomy CSV, by code."""
    summary = NuccSummary(rejects=[])
    if not path.exists():
        raise ImportFileError(f"{path}: no such file.")
    existing = {s.code: s for s in Specialty.objects.all()}
    with open(path, newline="", encoding="utf-8-sig", errors="replace") as f:
        reader = csv.DictReader(f, strict=True)
        missing = [name for name in NEEDED if name not in (reader.fieldnames or [])]
        if missing:
            raise ImportFileError(
                f"{path.name}: not the NUCC layout; missing columns: "
                + ", ".join(missing)
            )
        for line, row in _rows(reader, summary):
            code = (row["Code"] or "").strip().upper()
            name = display_name(row)[:200]
            if not NUCC_PATTERN.match(code):
                summary.reject(line, code, f"not a taxonomy code: {code!r}")
                continue
            if not name:
                summary.reject(line, code, "no name")
                continue
            specialty = existing.get(code)
            if specialty is None:
                existing[code] = Specialty.objects.create(
                    code=code, name=name, slug=unique_slug(Specialty, name)
                )
                summary.created += 1
            elif specialty.name != name:
                specialty.name = name
                specialty.save(update_fields=["name"])
                summary.updated += 1
            else:
                summary.unchanged += 1
    return summary


def write_rejects(summary: NuccSummary, file_name: str, path: Path) -> None:
    """The rejected rows as a CSV: file, line, code, reason."""
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = RejectsWriter(f)
        writer.writerow(["file", "line", "code", "reason"])
        writer.writerows((file_name, *reject) for reject in summary.rejects)

"""Import the NUCC Health Care Provider Taxonomy code set: the specialties.

About 900 rows, so it reads the CSV in Python; upsert by code, the name from
Display Name (or Classification, Specialization where a file has none).
"""

import csv
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from providers.importers.copying import ImportFileError
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
    rejects: list[str] | None = None


def display_name(row: dict) -> str:
    name = (row.get("Display Name") or "").strip()
    if name:
        return name
    parts = [row.get("Classification", ""), row.get("Specialization", "")]
    return ", ".join(part.strip() for part in parts if part and part.strip())


@transaction.atomic
def import_nucc(path: Path) -> NuccSummary:
    """Create or rename the specialties of a NUCC taxonomy CSV, by code."""
    summary = NuccSummary(rejects=[])
    if not path.exists():
        raise ImportFileError(f"{path}: no such file.")
    existing = {s.code: s for s in Specialty.objects.all()}
    with open(path, newline="", encoding="utf-8-sig", errors="replace") as f:
        reader = csv.DictReader(f)
        missing = [name for name in NEEDED if name not in (reader.fieldnames or [])]
        if missing:
            raise ImportFileError(
                f"{path.name}: not the NUCC layout; missing columns: "
                + ", ".join(missing)
            )
        for row in reader:
            summary.read += 1
            code = (row["Code"] or "").strip().upper()
            name = display_name(row)[:200]
            if not NUCC_PATTERN.match(code) or not name:
                summary.rejected += 1
                reason = "no name" if name else ""
                if not NUCC_PATTERN.match(code):
                    reason = f"not a taxonomy code: {code!r}"
                summary.rejects.append(f"line {reader.line_num}: {reason}")
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

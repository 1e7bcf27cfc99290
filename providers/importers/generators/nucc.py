"""Writes a NUCC taxonomy CSV in the published layout: the spine codes shipped
with the demo data and the other codes the NPPES generator uses."""

import csv
from pathlib import Path

from providers.importers.generators.codes import DISPLAY_NAMES
from providers.importers.layouts import NUCC_COLUMNS

SPINE_CSV = Path(__file__).resolve().parents[2] / "demo" / "nucc_spine.csv"


def write_nucc(path: Path, *, extra_rows: list[dict] = ()) -> Path:
    """The spine codes, then every other code the generators draw from."""
    with open(SPINE_CSV, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for code, name in DISPLAY_NAMES.items():
        individual = not code.startswith(("26", "28", "33"))
        rows.append(
            {
                "Code": code,
                "Grouping": "",
                "Classification": name.removesuffix(" Physician"),
                "Display Name": name,
                "Section": "Individual" if individual else "Non-Individual",
            }
        )
    rows.extend(extra_rows)
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=NUCC_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path

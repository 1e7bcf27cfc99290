"""Writes CMS "Medicare Physician & Other Practitioners - by Provider and
Service" files in the published layout, for the NPIs of a generated NPPES file."""

import csv
import random
from bisect import bisect
from itertools import accumulate
from pathlib import Path

from providers.importers.generators.codes import HCPCS
from providers.importers.generators.nppes import npi_for
from providers.importers.generators.quirks import Dressing, dress
from providers.importers.layouts import MEDICARE_COLUMNS


def _csv(value: str) -> str:
    return f'"{value}"' if "," in value or '"' in value else value


def write_medicare(
    path: Path,
    *,
    rows: int,
    npis: int,
    seed: int = 0,
    npi_seed: int = 0,
    quirks: bool = False,
) -> Path:
    """`rows` rows for NPIs drawn from the first `npis` NPIs of the NPPES
    generator run with seed `npi_seed`. Every row has 11 or more beneficiaries
    (CMS leaves out the others). With `quirks`, the file as published beyond
    its layout (quirks.py): a byte-order mark, Windows line ends, a name in
    Latin-1 bytes, line 2 given twice."""
    rng = random.Random(seed)
    r = rng.random
    codes = [(code, label) for code, label, _ in HCPCS]
    weights = list(accumulate(share for _, _, share in HCPCS))
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(",".join(MEDICARE_COLUMNS) + "\n")
        buffer = []
        for _ in range(rows):
            npi = npi_for(int(r() * npis), npi_seed)
            code, label = codes[bisect(weights, r() * weights[-1])]
            benes = 11 + int(r() ** 3 * 300)
            services = benes + int(r() * benes * 0.4)
            values = [
                npi, "SMITH", "JANE", "Q", "M.D.", "I", "200 LOTHROP ST", "",
                "PITTSBURGH", "PA", "42", "15213", "1", "Metropolitan area core",
                "US", "Orthopedic Surgery", "Y", code, label, "N",
                "F" if r() < 0.6 else "O", str(benes), f"{services}",
                str(benes + int(r() * (services - benes + 1))),
                f"{1000 + r() * 4000:.2f}", f"{300 + r() * 900:.2f}",
                f"{250 + r() * 700:.2f}", f"{250 + r() * 700:.2f}",
            ]  # fmt: skip
            buffer.append(",".join(_csv(v) for v in values) + "\n")
            if len(buffer) >= 10_000:
                f.write("".join(buffer))
                buffer = []
        f.write("".join(buffer))
    if quirks and rows > 2:
        latin1 = 3 + int(r() * (rows - 1))
        name = "Rndrng_Prvdr_Last_Org_Name"
        dress(path, Dressing(latin1=(latin1, name, "PEÑA"), repeated=2))
    return path


def write_medicare_rows(path: Path, rows: list[dict]) -> Path:
    """A file in the published layout holding exactly `rows` (dicts by column
    name; a column not given is empty): for tests of one rule at a time."""
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=MEDICARE_COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow({name: row.get(name, "") for name in MEDICARE_COLUMNS})
    return path

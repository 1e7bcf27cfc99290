"""Writes NPPES dissemination files (main and pl_pfile) in the published layout.

Every value double-quoted, 330 columns, names of real ZIPs picked in proportion
to population, valid NPIs, real NUCC taxonomy codes. `quirks=True` mixes in
what real files hold: organizations, deactivated and reactivated NPIs, repeated
NPIs, bad check digits, missing names, foreign and unknown ZIPs, malformed
dates. Rows are built from a template of empty fields, about 10 microseconds a
row: six million rows in a couple of minutes.
"""

import csv
import random
import zipfile
from bisect import bisect
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import accumulate
from pathlib import Path

from geo import gazetteer
from providers.importers.generators.codes import (
    CREDENTIALS,
    ORGANIZATION_TAXONOMIES,
    PHYSICIAN_CREDENTIALS,
    TAXONOMIES,
)
from providers.importers.generators.quirks import Dressing, dress
from providers.importers.layouts import NPPES_COLUMNS, PL_COLUMNS
from providers.validators import npi_check_digit

LAST_NAMES = [
    "SMITH",
    "JOHNSON",
    "WILLIAMS",
    "BROWN",
    "JONES",
    "GARCIA",
    "MILLER",
    "DAVIS",
    "RODRIGUEZ",
    "MARTINEZ",
    "HERNANDEZ",
    "LOPEZ",
    "GONZALEZ",
    "WILSON",
    "ANDERSON",
    "THOMAS",
    "TAYLOR",
    "MOORE",
    "JACKSON",
    "MARTIN",
    "LEE",
    "PEREZ",
    "THOMPSON",
    "WHITE",
    "HARRIS",
    "SANCHEZ",
    "CLARK",
    "RAMIREZ",
    "LEWIS",
    "ROBINSON",
    "WALKER",
    "YOUNG",
    "ALLEN",
    "KING",
    "WRIGHT",
    "SCOTT",
    "TORRES",
    "NGUYEN",
    "HILL",
    "FLORES",
    "GREEN",
    "ADAMS",
    "NELSON",
    "BAKER",
    "HALL",
    "RIVERA",
    "CAMPBELL",
    "MITCHELL",
    "CARTER",
    "ROBERTS",
    "PATEL",
    "SHAH",
    "KIM",
    "CHEN",
    "WANG",
    "O'BRIEN",
    "MULLER",
    "SCHMIDT",
    "COHEN",
    "KAPLAN",
]
FIRST_NAMES = [
    "JAMES",
    "MARY",
    "ROBERT",
    "PATRICIA",
    "JOHN",
    "JENNIFER",
    "MICHAEL",
    "LINDA",
    "DAVID",
    "ELIZABETH",
    "WILLIAM",
    "BARBARA",
    "RICHARD",
    "SUSAN",
    "JOSEPH",
    "JESSICA",
    "THOMAS",
    "SARAH",
    "CHARLES",
    "KAREN",
    "CHRISTOPHER",
    "LISA",
    "DANIEL",
    "NANCY",
    "MATTHEW",
    "BETTY",
    "ANTHONY",
    "MARGARET",
    "MARK",
    "SANDRA",
    "PRIYA",
    "RAJ",
    "WEI",
    "MEI",
    "JOSE",
    "MARIA",
    "AHMED",
    "FATIMA",
    "OLGA",
    "IVAN",
    "SOFIA",
    "LUCAS",
    "EMMA",
    "NOAH",
]
STREETS = [
    "MAIN",
    "OAK",
    "PINE",
    "MAPLE",
    "CEDAR",
    "ELM",
    "WASHINGTON",
    "LAKE",
    "HILL",
    "PARK",
    "MEDICAL",
    "CENTER",
    "UNIVERSITY",
    "HOSPITAL",
    "RIVER",
    "SPRING",
]
STREET_KINDS = ["ST", "AVE", "RD", "BLVD", "DR", "WAY"]
SUITES = ["", "", "", "SUITE 100", "SUITE 200", "STE 310", "FLOOR 2"]
FOREIGN = [("TORONTO", "ON", "M5V3L9", "CA"), ("MEXICO CITY", "CMX", "06600", "MX")]
REASONS = ["", "", "DT", "OT", "DB", "FR"]

DAY_ZERO = date(2005, 5, 23)
# The default file's date. A later file (next month's) keeps the dates its
# unchanged rows had in this one: only its changed rows are newer.
FIRST_FILE_DATE = date(2026, 11, 9)

# The columns a generated row fills; every other column is an empty "".
USED = [
    "NPI", "Entity Type Code", "Provider Organization Name (Legal Business Name)",
    "Provider Last Name (Legal Name)", "Provider First Name",
    "Provider Middle Name", "Provider Credential Text",
    *(name.format(kind) for kind in ("Mailing", "Practice Location") for name in (
        "Provider First Line Business {0} Address",
        "Provider Second Line Business {0} Address",
        "Provider Business {0} Address City Name",
        "Provider Business {0} Address State Name",
        "Provider Business {0} Address Postal Code",
        "Provider Business {0} Address Country Code (If outside U.S.)",
        "Provider Business {0} Address Telephone Number",
    )),
    "Provider Enumeration Date", "Last Update Date",
    "NPI Deactivation Reason Code", "NPI Deactivation Date", "NPI Reactivation Date",
    "Provider Sex Code", "Authorized Official Last Name",
    *(name.format(k) for k in range(1, 16) for name in (
        "Healthcare Provider Taxonomy Code_{}", "Provider License Number_{}",
        "Provider License Number State Code_{}",
        "Healthcare Provider Primary Taxonomy Switch_{}",
    )),
    "Certification Date",
]  # fmt: skip
U = {name: index for index, name in enumerate(USED)}
TEMPLATE = (
    ",".join(f'"{{{U[name]}}}"' if name in U else '""' for name in NPPES_COLUMNS) + "\n"
)
MAILING = U["Provider First Line Business Mailing Address"]
PRACTICE = U["Provider First Line Business Practice Location Address"]
TAXONOMY = U["Healthcare Provider Taxonomy Code_1"]
NPI, LAST, FIRST, MIDDLE, CREDENTIAL, ENUMERATED, UPDATED, SEX, CERTIFIED = (
    U[name]
    for name in (
        "NPI",
        "Provider Last Name (Legal Name)",
        "Provider First Name",
        "Provider Middle Name",
        "Provider Credential Text",
        "Provider Enumeration Date",
        "Last Update Date",
        "Provider Sex Code",
        "Certification Date",
    )
)
MIDDLES = ["", "", "A", "J", "MARIE", "LEE"]
PRIMARY_SHARE_OUTSIDE_SLOT_1 = 0.2


def npi_for(index: int, seed: int = 0) -> str:
    """The index-th NPI of a generated registry: distinct for distinct indexes
    (below 200 million), starting with 1 or 2 as real NPIs do, with a valid
    check digit."""
    body = 100_000_000 + (index * 7919 + seed * 104_729) % 200_000_000
    first_nine = str(body)
    return first_nine + str(npi_check_digit(first_nine))


def bad_check_digit(npi: str) -> str:
    return npi[:9] + str((int(npi[9]) + 1) % 10)


def mmddyyyy(day: date) -> str:
    return day.strftime("%m/%d/%Y")


@dataclass
class Generated:
    """What a generator wrote, for tests and benchmarks to check counts against."""

    main: Path
    secondary: Path | None = None
    rows: int = 0
    quirks: dict[str, int] = field(default_factory=dict)


class NppesWriter:
    """Builds rows of the main file as lists of the USED columns' values;
    `line()` turns one into a CSV line of all 330 columns."""

    def __init__(self, seed: int = 0, *, file_date: date = FIRST_FILE_DATE):
        self.rng = random.Random(seed)
        self.random = self.rng.random
        # A changed row's new values come from a stream of their own: drawn
        # from the main one, they would shift every later row (92% of rows
        # differed at --changed 0.05).
        self.change_random = random.Random(seed + 3).random
        self.file_date = file_date
        entries, weights = gazetteer.weighted_zips()
        self.zips = [(e.city.upper(), e.state, e.zip_code) for e in entries]
        self.zip_weights = list(accumulate(weights))
        codes, shares = zip(*TAXONOMIES, strict=True)
        self.codes, self.code_weights = list(codes), list(accumulate(shares))
        self.days = [
            mmddyyyy(DAY_ZERO + timedelta(days=n))
            for n in range((file_date - DAY_ZERO).days + 1)
        ]
        # Unchanged rows' dates are drawn up to this day, the same for every
        # file from the first on (an earlier file's rows end at its own date).
        self.base_day = (min(file_date, FIRST_FILE_DATE) - DAY_ZERO).days
        self.credentials = {
            code: CREDENTIALS.get(code[:4], PHYSICIAN_CREDENTIALS) for code in codes
        }
        self.blank = [""] * len(USED)

    def pick(self, items: list, cumulative: list):
        return items[bisect(cumulative, self.random() * cumulative[-1])]

    def one_of(self, items):
        return items[int(self.random() * len(items))]

    def phone(self) -> str:
        return str(2_002_000_000 + int(self.random() * 7_000_000_000))

    def street(self) -> str:
        number = 1 + int(self.random() * 9998)
        return f"{number} {self.one_of(STREETS)} {self.one_of(STREET_KINDS)}"

    def individual(self, npi: str, *, changed: bool = False) -> list[str]:
        r, one_of = self.random, self.one_of
        row = self.blank.copy()
        city, state, postal = self.pick(self.zips, self.zip_weights)
        if r() < 0.4:
            postal += f"{int(r() * 10000):04d}"
        count = one_of((1, 1, 2, 3))
        picks = (self.pick(self.codes, self.code_weights) for _ in range(count))
        codes = list(dict.fromkeys(picks))
        last_day = len(self.days) - 1
        enumerated = int(r() * (self.base_day - 400))
        updated = min(enumerated + int(r() * 1500), self.base_day)
        phone = self.phone()
        if changed:
            updated = last_day - 1 - int(self.change_random() * 24)
            phone = str(2_002_000_000 + int(self.change_random() * 7_000_000_000))
        row[NPI] = npi
        row[NPI + 1] = "1"
        row[LAST] = one_of(LAST_NAMES)
        row[FIRST] = one_of(FIRST_NAMES)
        row[MIDDLE] = one_of(MIDDLES)
        row[CREDENTIAL] = one_of(self.credentials[codes[0]])
        address = (self.street(), one_of(SUITES), city, state, postal, "US", phone)
        row[MAILING : MAILING + 7] = address
        row[PRACTICE : PRACTICE + 7] = address
        row[ENUMERATED] = self.days[enumerated]
        row[UPDATED] = row[CERTIFIED] = self.days[updated]
        row[SEX] = "M" if r() < 0.5 else "F"
        primary = int(r() * len(codes)) if r() < PRIMARY_SHARE_OUTSIDE_SLOT_1 else 0
        for slot, code in enumerate(codes):
            at = TAXONOMY + 4 * slot
            row[at : at + 4] = (
                code,
                str(10000 + int(r() * 989999)),
                state,
                "Y" if slot == primary else "N",
            )
        return row

    def organization(self, npi: str) -> list[str]:
        row = self.blank.copy()
        city, state, postal = self.pick(self.zips, self.zip_weights)
        row[NPI] = npi
        row[NPI + 1] = "2"
        row[U["Provider Organization Name (Legal Business Name)"]] = (
            f"{city} SPINE AND PAIN CENTER LLC"
        )
        address = ("1 PLAZA DR", "", city, state, postal, "US", self.phone())
        row[PRACTICE : PRACTICE + 7] = address
        row[UPDATED] = self.days[-40]
        row[U["Authorized Official Last Name"]] = self.one_of(LAST_NAMES)
        row[TAXONOMY] = self.one_of(ORGANIZATION_TAXONOMIES)
        row[TAXONOMY + 3] = "Y"
        return row

    def deactivated(self, npi: str) -> list[str]:
        """As the registry writes it: the NPI and the date, little else."""
        row = self.blank.copy()
        row[NPI] = npi
        row[U["NPI Deactivation Date"]] = self.days[-30]
        row[U["NPI Deactivation Reason Code"]] = self.one_of(REASONS)
        return row

    def set(self, row: list[str], name: str, value: str) -> list[str]:
        row[U[name]] = value
        return row


def line(row: list[str]) -> str:
    """All 330 columns, every value double-quoted, as the registry writes them."""
    return TEMPLATE.format(*row)


def header(columns: list[str]) -> str:
    return ",".join(f'"{name}"' for name in columns) + "\n"


QUIRKS = [
    # (name, share of rows)
    ("organization", 0.02),
    ("deactivated", 0.01),
    ("reactivated", 0.005),
    ("repeated", 0.01),
    ("bad_check_digit", 0.003),
    ("missing_last_name", 0.002),
    ("foreign", 0.002),
    ("unknown_zip", 0.002),
    ("malformed_date", 0.002),
]


def write_nppes(
    out_dir: Path,
    *,
    rows: int,
    seed: int = 0,
    quirks: bool = False,
    changed: float = 0.0,
    file_date: date = FIRST_FILE_DATE,
    old_header: bool = False,
    secondary_share: float = 0.1,
    zipped: bool = False,
    dressed: bool = False,
) -> Generated:
    """Write npidata_pfile and pl_pfile for `rows` NPIs into `out_dir`.

    The same seed gives the same NPIs and values; `changed` is the share of
    rows whose phone and Last Update Date moved (a later month's file).
    `dressed`: the files as published beyond their layout (quirks.py): a
    byte-order mark, Windows line ends, one last name in Latin-1 bytes.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = f"20050523-{file_date:%Y%m%d}"
    main = out_dir / f"npidata_pfile_{stamp}.csv"
    secondary = out_dir / f"pl_pfile_{stamp}.csv"
    writer = NppesWriter(seed, file_date=file_date)
    columns = list(NPPES_COLUMNS)
    if old_header:
        columns[columns.index("Provider Sex Code")] = "Provider Gender Code"
    counts = {name: 0 for name, _ in QUIRKS}
    rng = random.Random(seed + 1)
    change_rng = random.Random(seed + 2)
    cumulative, total = [], 0.0
    for name, share in QUIRKS:
        total += share
        cumulative.append((total, name))
    with (
        open(main, "w", encoding="utf-8", newline="") as f_main,
        open(secondary, "w", encoding="utf-8", newline="") as f_pl,
    ):
        f_main.write(header(columns))
        f_pl.write(header(PL_COLUMNS))
        buffer, pl_buffer = [], []
        for index in range(rows):
            npi = npi_for(index, seed)
            quirk = None
            if quirks:
                draw = rng.random()
                quirk = next((n for limit, n in cumulative if draw < limit), None)
            is_changed = changed and change_rng.random() < changed
            row = _quirky_row(writer, npi, quirk, index, seed, is_changed)
            if quirk:
                counts[quirk] += 1
            buffer.append(line(row))
            if row[NPI + 1] == "1" and rng.random() < secondary_share:
                pl_buffer.append(_secondary_line(writer, npi))
            if len(buffer) >= 5000:
                f_main.write("".join(buffer))
                f_pl.write("".join(pl_buffer))
                buffer, pl_buffer = [], []
        f_main.write("".join(buffer))
        f_pl.write("".join(pl_buffer))
    generated = Generated(main=main, secondary=secondary, rows=rows, quirks=counts)
    if dressed and rows > 1:
        latin1 = 2 + rng.randrange(rows)
        last_name = "Provider Last Name (Legal Name)"
        dress(main, Dressing(latin1=(latin1, last_name, "GARCÍA")))
        dress(secondary, Dressing())
        counts["latin1_line"] = latin1
    if zipped:
        archive = out_dir / f"NPPES_Data_Dissemination_{file_date:%B_%Y}.zip"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
            z.write(main, main.name)
            z.write(secondary, secondary.name)
        generated.main, generated.secondary = archive, None
    return generated


def _quirky_row(writer, npi, quirk, index, seed, changed) -> list[str]:
    if quirk == "organization":
        return writer.organization(npi)
    if quirk == "deactivated":
        return writer.deactivated(npi)
    if quirk == "repeated" and index > 0:
        # The same NPI again, updated later: the newer row wins.
        earlier = npi_for(int(writer.random() * index), seed)
        row = writer.individual(earlier, changed=True)
        return row
    row = writer.individual(npi, changed=changed)
    if quirk == "reactivated":
        writer.set(row, "NPI Deactivation Date", mmddyyyy(date(2019, 3, 1)))
        writer.set(row, "NPI Reactivation Date", mmddyyyy(date(2020, 6, 15)))
    elif quirk == "bad_check_digit":
        writer.set(row, "NPI", bad_check_digit(npi))
    elif quirk == "missing_last_name":
        writer.set(row, "Provider Last Name (Legal Name)", "")
    elif quirk == "foreign":
        city, state, postal, country = writer.one_of(FOREIGN)
        prefix = "Provider Business Practice Location Address"
        writer.set(row, f"{prefix} City Name", city)
        writer.set(row, f"{prefix} State Name", state)
        writer.set(row, f"{prefix} Postal Code", postal)
        writer.set(row, f"{prefix} Country Code (If outside U.S.)", country)
    elif quirk == "unknown_zip":
        prefix = "Provider Business Practice Location Address"
        writer.set(row, f"{prefix} Postal Code", "00000")
    elif quirk == "malformed_date":
        writer.set(row, "Last Update Date", "2023-13-45")
    return row


def _secondary_line(writer: NppesWriter, npi: str) -> str:
    city, state, postal = writer.pick(writer.zips, writer.zip_weights)
    values = [
        npi,
        writer.street(),
        writer.one_of(SUITES),
        city,
        state,
        postal,
        "US",
        writer.phone(),
        "",
        "",
    ]
    return ",".join(f'"{value}"' for value in values) + "\n"


def write_main_rows(path: Path, rows: list[list[str]], *, columns=None) -> Path:
    """A main file (npidata_pfile) holding exactly `rows`, in the published
    quoting, under the 330-column header (or `columns`): for tests of one rule
    at a time."""
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(header(list(columns or NPPES_COLUMNS)))
        for row in rows:
            f.write(line(row))
    return path


def write_secondary_rows(path: Path, rows: list[dict]) -> Path:
    """A practice-location file (pl_pfile) holding exactly `rows` (dicts by
    column name; a column not given is empty)."""
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, quoting=csv.QUOTE_ALL)
        writer.writerow(PL_COLUMNS)
        for row in rows:
            writer.writerow([row.get(name, "") for name in PL_COLUMNS])
    return path

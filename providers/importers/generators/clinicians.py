"""Writes the CMS Doctors and Clinicians files (national file, Facility
Affiliation) and Hospital General Information in their published layouts.

Every value double-quoted, as CMS writes them. The clinicians are the NPIs of
the NPPES generator run with `npi_seed`, so the files join with a generated
registry. Groups practice at one to three addresses; a clinician has one to
four lines; some addresses are shared by two groups (one location, two groups).
Suppressed address lines, 9-digit ZIPs, "OTHER" schools, blank years and
"may accept" assignment are always there. With `quirks`, what else the real
files hold: NPIs NPPES does not know, malformed NPIs and ZIPs, phones written
"(412) 555-0100", groups without a member count; and the files themselves
as published (generators/quirks.py): a byte-order mark, Windows line ends, a
name in Latin-1 bytes, a line given twice.
"""

import random
from bisect import bisect
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path

from geo import gazetteer
from providers.importers.generators.nppes import (
    FIRST_NAMES,
    LAST_NAMES,
    STREET_KINDS,
    STREETS,
    bad_check_digit,
    npi_for,
)
from providers.importers.generators.quirks import Dressing, dress
from providers.importers.layouts import (
    AFFILIATION_COLUMNS,
    DAC_COLUMNS,
    HOSPITAL_COLUMNS,
)

# Medicare specialty names as the national file writes them, with a share.
SPECIALTIES = [
    ("ORTHOPEDIC SURGERY", 30), ("NEUROSURGERY", 10),
    ("INTERVENTIONAL PAIN MANAGEMENT", 12), ("PAIN MANAGEMENT", 6),
    ("PHYSICAL MEDICINE AND REHABILITATION", 14), ("ANESTHESIOLOGY", 10),
    ("INTERVENTIONAL RADIOLOGY", 6), ("DIAGNOSTIC RADIOLOGY", 8),
    ("NEUROLOGY", 8), ("INTERNAL MEDICINE", 20), ("FAMILY PRACTICE", 20),
    ("NURSE PRACTITIONER", 25), ("PHYSICIAN ASSISTANT", 15),
    ("SPORTS MEDICINE", 3), ("CHIROPRACTIC", 5),
    # CMS's crosswalk links it to no taxonomy code: kept as text.
    ("HEMATOPOIETIC CELL TRANSPLANTATION AND CELLULAR THERAPY", 2),
]  # fmt: skip
SCHOOLS = [
    "UNIVERSITY OF PITTSBURGH SCHOOL OF MEDICINE",
    "JOHNS HOPKINS UNIVERSITY SCHOOL OF MEDICINE",
    "TEMPLE UNIVERSITY SCHOOL OF MEDICINE",
    "UNIVERSITY OF MICHIGAN MEDICAL SCHOOL",
    "BAYLOR COLLEGE OF MEDICINE",
    "PHILADELPHIA COLLEGE OF OSTEOPATHIC MEDICINE",
    "OTHER",
]
CREDENTIALS = ["MD", "DO", "NP", "PA", ""]
GROUP_WORDS = ["SPINE", "ORTHOPEDIC", "PAIN", "NEUROSURGICAL", "MEDICAL", "HEALTH"]
GROUP_KINDS = ["ASSOCIATES", "GROUP", "PHYSICIANS", "CENTER LLC", "PC"]
HOSPITAL_TYPES = [
    "Acute Care Hospitals",
    "Acute Care Hospitals",
    "Critical Access Hospitals",
    "Acute Care - Veterans Administration",
]
OWNERSHIP = [
    "Voluntary non-profit - Private",
    "Proprietary",
    "Government - Hospital District or Authority",
]
FACILITY_TYPES = [
    "Home health agency",
    "Skilled nursing facility",
    "Inpatient rehabilitation facility",
]
# The Social Security state codes that begin a CCN.
CCN_STATES = {
    "AL": "01", "AK": "02", "AZ": "03", "AR": "04", "CA": "05", "CO": "06",
    "CT": "07", "DE": "08", "DC": "09", "FL": "10", "GA": "11", "HI": "12",
    "ID": "13", "IL": "14", "IN": "15", "IA": "16", "KS": "17", "KY": "18",
    "LA": "19", "ME": "20", "MD": "21", "MA": "22", "MI": "23", "MN": "24",
    "MS": "25", "MO": "26", "MT": "27", "NE": "28", "NV": "29", "NH": "30",
    "NJ": "31", "NM": "32", "NY": "33", "NC": "34", "ND": "35", "OH": "36",
    "OK": "37", "OR": "38", "PA": "39", "PR": "40", "RI": "41", "SC": "42",
    "SD": "43", "TN": "44", "TX": "45", "UT": "46", "VT": "47", "VI": "48",
    "VA": "49", "WA": "50", "WV": "51", "WI": "52", "WY": "53",
}  # fmt: skip
QUIRKS = [
    # (name, share of clinicians)
    ("unknown_npi", 0.01),
    ("bad_npi", 0.002),
    ("bad_zip", 0.002),
    ("formatted_phone", 0.05),
    ("no_member_count", 0.02),
]


def quoted(values) -> str:
    return ",".join(f'"{value}"' for value in values) + "\n"


@dataclass(frozen=True)
class Address:
    address_id: str
    line1: str
    line2: str
    city: str
    state: str
    zip: str
    phone: str


@dataclass
class GeneratedClinicians:
    national: Path
    affiliations: Path
    hospitals: Path
    clinicians: int = 0
    lines: int = 0
    quirks: dict[str, int] = field(default_factory=dict)


class DacWriter:
    """Builds lines of the three files from a seeded random source."""

    def __init__(self, seed: int = 0):
        self.rng = random.Random(seed)
        self.random = self.rng.random
        entries, weights = gazetteer.weighted_zips()
        pairs = zip(entries, weights, strict=True)
        kept = [(e, w) for e, w in pairs if e.state in CCN_STATES]
        self.zips = [(e.city.upper(), e.state, e.zip_code) for e, _ in kept]
        self.zip_weights = list(accumulate(w for _, w in kept))
        names, shares = zip(*SPECIALTIES, strict=True)
        self.specialties, self.specialty_weights = list(names), list(accumulate(shares))
        self.addresses = 0

    def one_of(self, items):
        return items[int(self.random() * len(items))]

    def place(self) -> tuple[str, str, str]:
        return self.zips[bisect(self.zip_weights, self.random() * self.zip_weights[-1])]

    def address(self, *, quirks: bool = False) -> Address:
        r = self.random
        city, state, postal = self.place()
        if r() < 0.6:
            postal += f"{int(r() * 10000):04d}"
        number = 1 + int(r() * 9998)
        street = f"{number} {self.one_of(STREETS)} {self.one_of(STREET_KINDS)}"
        line2 = self.one_of(["", "", "SUITE 100", "STE 210", "FLOOR 3"])
        self.addresses += 1
        address_id = f"{state}{postal[:5]}{street[:2]}{self.addresses:07d}"
        return Address(
            address_id, street, line2, city, state, postal,
            str(2_002_000_000 + int(r() * 7_000_000_000)),
        )  # fmt: skip

    def group(self, index: int) -> tuple[str, str, list[Address]]:
        """(PAC ID, name, addresses) of a group practice."""
        pac_id = f"{1_000_000_000 + index * 7_919 % 9_000_000_000:010d}"
        name = f"{self.one_of(GROUP_WORDS)} {self.one_of(GROUP_KINDS)}"
        name = f"{self.one_of(LAST_NAMES).replace(chr(39), '')} {name}"
        count = self.one_of((1, 2, 3, 4))
        return pac_id, name, [self.address() for _ in range(count)]

    def clinician(self, npi: str) -> dict:
        r = self.random
        specialty = self.specialties[
            bisect(self.specialty_weights, r() * self.specialty_weights[-1])
        ]
        second = (
            self.specialties[bisect(self.specialty_weights, r() * 100)]
            if r() < 0.2
            else ""
        )
        return {
            "NPI": npi,
            "Ind_PAC_ID": f"{int(r() * 9_000_000_000) + 1_000_000_000:010d}",
            "Ind_enrl_ID": f"I2{int(r() * 10**13):013d}",
            "Provider Last Name": self.one_of(LAST_NAMES),
            "Provider First Name": self.one_of(FIRST_NAMES),
            "Provider Middle Name": self.one_of(["", "A", "J", "LEE"]),
            "suff": self.one_of(["", "", "", "JR."]),
            "gndr": "M" if r() < 0.5 else "F",
            "Cred": self.one_of(CREDENTIALS),
            "Med_sch": self.one_of(SCHOOLS),
            "Grd_yr": "" if r() < 0.05 else str(1970 + int(r() * 52)),
            "pri_spec": specialty,
            "sec_spec_1": second,
            "sec_spec_all": second,
            "Telehlth": "Y" if r() < 0.3 else "",
        }

    def line(self, clinician: dict, address: Address, group=None) -> dict:
        r = self.random
        pac_id, name, members = group or ("", "", "")
        suppressed = address.line2 != "" and r() < 0.1
        return {
            **clinician,
            "Facility Name": name,
            "org_pac_id": pac_id,
            "num_org_mem": members,
            "adr_ln_1": address.line1,
            "adr_ln_2": "" if suppressed else address.line2,
            "ln_2_sprs": "Y" if suppressed else "",
            "City/Town": address.city,
            "State": address.state,
            "ZIP Code": address.zip,
            "Telephone Number": address.phone if r() < 0.9 else "",
            "ind_assgn": "M" if r() < 0.1 else "Y",
            "grp_assgn": ("M" if r() < 0.1 else "Y") if pac_id else "",
            "adrs_id": address.address_id,
        }

    def hospital(self, index: int) -> list[str]:
        r = self.random
        city, state, postal = self.place()
        ccn = f"{CCN_STATES[state]}{index % 880 + 1:04d}"
        phone = str(2_002_000_000 + int(r() * 7_000_000_000))
        name = f"{city} {self.one_of(['GENERAL', 'MEMORIAL', 'REGIONAL'])} HOSPITAL"
        return [
            ccn, name, f"{1 + int(r() * 999)} {self.one_of(STREETS)} ST", city, state,
            postal, "COUNTY", f"({phone[:3]}) {phone[3:6]}-{phone[6:]}",
            self.one_of(HOSPITAL_TYPES), self.one_of(OWNERSHIP),
            "Yes" if r() < 0.9 else "No", "Y" if r() < 0.5 else "",
            self.one_of(["1", "2", "3", "4", "5", "Not Available"]),
            *["Not Available"] * (len(HOSPITAL_COLUMNS) - 13),
        ]  # fmt: skip


def dac_line(values: dict) -> str:
    """One national-file line from values by column name (others empty)."""
    return quoted(values.get(name, "") for name in DAC_COLUMNS)


def affiliation_line(values: dict) -> str:
    return quoted(values.get(name, "") for name in AFFILIATION_COLUMNS)


def write_clinicians(
    out_dir: Path,
    *,
    clinicians: int,
    seed: int = 0,
    npi_seed: int = 0,
    hospitals: int | None = None,
    quirks: bool = False,
) -> GeneratedClinicians:
    """Write DAC_NationalDownloadableFile.csv, Facility_Affiliation.csv and
    Hospital_General_Information.csv into `out_dir` for the first `clinicians`
    NPIs of the NPPES generator run with `npi_seed`. About two lines a
    clinician, as the national file has (2.8 million lines). The same seed
    writes the same files."""
    out_dir.mkdir(parents=True, exist_ok=True)
    writer = DacWriter(seed)
    hospitals = hospitals or max(5, clinicians // 200)
    paths = GeneratedClinicians(
        national=out_dir / "DAC_NationalDownloadableFile.csv",
        affiliations=out_dir / "Facility_Affiliation.csv",
        hospitals=out_dir / "Hospital_General_Information.csv",
    )
    ccns = []
    with open(paths.hospitals, "w", encoding="utf-8", newline="") as f:
        f.write(quoted(HOSPITAL_COLUMNS))
        seen = set()
        for index in range(hospitals):
            row = writer.hospital(index)
            if row[0] in seen:
                continue
            seen.add(row[0])
            ccns.append(row[0])
            f.write(quoted(row))
    counts = {name: 0 for name, _ in QUIRKS}
    cumulative = list(accumulate(share for _, share in QUIRKS))
    groups = []
    lines = 0
    with (
        open(paths.national, "w", encoding="utf-8", newline="") as national,
        open(paths.affiliations, "w", encoding="utf-8", newline="") as affiliations,
    ):
        national.write(quoted(DAC_COLUMNS))
        affiliations.write(quoted(AFFILIATION_COLUMNS))
        out, out_aff = [], []
        for index in range(clinicians):
            r = writer.random
            npi = npi_for(index, npi_seed)
            quirk = None
            if quirks:
                draw = r()
                at = bisect(cumulative, draw)
                quirk = QUIRKS[at][0] if at < len(QUIRKS) else None
            if quirk == "unknown_npi":
                npi = npi_for(index + 150_000_000, npi_seed)
            elif quirk == "bad_npi":
                npi = bad_check_digit(npi)
            person = writer.clinician(npi)
            for address, group in _places(writer, groups):
                values = writer.line(person, address, group)
                if quirk == "bad_zip":
                    values["ZIP Code"] = "1521"
                elif quirk == "formatted_phone" and values["Telephone Number"]:
                    phone = values["Telephone Number"]
                    values["Telephone Number"] = (
                        f"({phone[:3]}) {phone[3:6]}-{phone[6:]}"
                    )
                elif quirk == "no_member_count":
                    values["num_org_mem"] = ""
                out.append(dac_line(values))
                lines += 1
            if quirk:
                counts[quirk] += 1
            if ccns and r() < 0.6:
                for ccn in {writer.one_of(ccns) for _ in range(writer.one_of((1, 2)))}:
                    out_aff.append(_affiliation(person, "Hospital", ccn))
                if r() < 0.1:  # a hospital the hospital file does not list
                    out_aff.append(_affiliation(person, "Hospital", "999999"))
                if r() < 0.1:
                    facility = writer.one_of(FACILITY_TYPES)
                    out_aff.append(_affiliation(person, facility, "395001"))
            if len(out) >= 5000:
                national.write("".join(out))
                affiliations.write("".join(out_aff))
                out, out_aff = [], []
        national.write("".join(out))
        affiliations.write("".join(out_aff))
    paths.clinicians, paths.lines, paths.quirks = clinicians, lines, counts
    if quirks and lines > 2:
        _dress(paths, writer)
    return paths


def _dress(paths: GeneratedClinicians, writer: DacWriter) -> None:
    """The three files as CMS publishes them: a byte-order mark and Windows
    line ends; in the national and affiliation files, one name in Latin-1
    bytes (a reject, by its line) and one line given twice (a repeat)."""
    latin1 = 3 + int(writer.random() * (paths.lines - 1))  # not the repeated one
    dress(
        paths.national,
        Dressing(latin1=(latin1, "Provider Last Name", "MUÑOZ"), repeated=2),
    )
    paths.quirks["latin1_line"] = latin1 + 1  # after line 2, twice
    paths.quirks["repeated_line"] = 3
    with open(paths.affiliations, "rb") as f:
        affiliations = sum(1 for _ in f) - 1
    if affiliations > 1:
        dress(
            paths.affiliations,
            Dressing(latin1=(affiliations + 1, "Provider Last Name", "NUÑEZ")),
        )
    dress(paths.hospitals, Dressing())


def _places(writer: DacWriter, groups: list) -> list[tuple[Address, tuple | None]]:
    """A clinician's lines: solo at an address of their own, or in one or two
    groups (a new group, or one met before) at some of the group's addresses."""
    r = writer.random
    if r() < 0.25:
        return [(writer.address(), None)]
    places = []
    for _ in range(1 if r() < 0.75 else 2):
        if groups and r() < 0.7:
            group = writer.one_of(groups)
        else:
            pac_id, name, addresses = writer.group(len(groups))
            group = (pac_id, name, addresses)
            # Now and then two groups share an office.
            if groups and r() < 0.05:
                addresses.append(writer.one_of(groups)[2][0])
            groups.append(group)
        pac_id, name, addresses = group
        members = str(5 + len(name) % 40)
        for address in addresses[: writer.one_of((1, 2, 2, 3))]:
            places.append((address, (pac_id, name, members)))
    return places


def _affiliation(person: dict, facility_type: str, ccn: str) -> str:
    return affiliation_line(
        {
            **{name: person.get(name, "") for name in AFFILIATION_COLUMNS[:6]},
            "facility_type": facility_type,
            "Facility Affiliations Certification Number": ccn,
        }
    )


def hospital_line(values: dict) -> str:
    return quoted(values.get(name, "") for name in HOSPITAL_COLUMNS)


def write_file(path: Path, columns: list[str], lines: list[dict]) -> Path:
    """A file of `columns` from dictionaries by column name: for tests."""
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(quoted(columns))
        for values in lines:
            f.write(quoted(values.get(name, "") for name in columns))
    return path

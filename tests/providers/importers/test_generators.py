"""The generators write the published layouts, with what real files hold."""

import csv
import random
from datetime import date, timedelta

import pytest
from django.db import connection

from geo.gazetteer import STATES
from geo.zip_table import ensure_zip_centroids
from providers.importers.generators.nppes import bad_check_digit, npi_for, write_nppes
from providers.importers.layouts import NPPES_COLUMNS, PL_COLUMNS
from providers.validators import is_valid_npi


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    return write_nppes(tmp_path_factory.mktemp("nppes"), rows=3000, seed=3, quirks=True)


def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def test_the_main_file_has_the_330_published_columns_in_order(generated):
    header, *rows = read(generated.main)

    assert header == NPPES_COLUMNS
    assert header[:3] == ["NPI", "Entity Type Code", "Replacement NPI"]
    assert header[-1] == "Certification Date"
    assert {len(row) for row in rows} == {330}
    with open(generated.main, encoding="utf-8") as f:
        f.readline()
        assert f.readline().startswith('"')  # every value double-quoted


def test_the_secondary_file_keeps_the_two_space_header(generated):
    header = read(generated.secondary)[0]

    assert header == PL_COLUMNS
    assert "Provider Secondary Practice Location Address-  Address Line 2" in header


def test_each_taxonomy_of_an_individual_has_a_state_license(generated):
    header, *rows = read(generated.main)
    at = {name: header.index(name) for name in header}
    individuals = [row for row in rows if row[at["Entity Type Code"]] == "1"]
    assert individuals
    for row in individuals:
        for k in range(1, 16):
            number = row[at[f"Provider License Number_{k}"]]
            if row[at[f"Healthcare Provider Taxonomy Code_{k}"]]:
                assert number.isdigit()
                assert row[at[f"Provider License Number State Code_{k}"]] in STATES
            else:
                assert number == ""


def test_every_quirk_is_there_when_asked(generated):
    assert all(count > 0 for count in generated.quirks.values()), generated.quirks
    rows = read(generated.main)[1:]
    entity = NPPES_COLUMNS.index("Entity Type Code")
    assert {row[entity] for row in rows} == {"1", "2", ""}
    npis = [row[0] for row in rows]
    assert len(set(npis)) < len(npis)  # repeated NPIs
    invalid = [npi for npi in npis if not is_valid_npi(npi)]
    assert len(invalid) == generated.quirks["bad_check_digit"]


def test_npis_are_valid_and_distinct():
    npis = [npi_for(index, seed=5) for index in range(20_000)]

    assert len(set(npis)) == len(npis)
    assert all(is_valid_npi(npi) and npi[0] in "12" for npi in npis)
    assert not is_valid_npi(bad_check_digit(npis[0]))


def test_practice_zips_are_real_and_big_cities_weigh_more(generated, db):
    ensure_zip_centroids()
    rows = read(generated.main)[1:]
    column = NPPES_COLUMNS.index(
        "Provider Business Practice Location Address Postal Code"
    )
    zips = {row[column][:5] for row in rows if row[1] == "1"} - {"00000", "M5V3L"}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM geo_zipcentroid WHERE zip_code = ANY(%s)",
            [list(zips)],
        )
        assert cursor.fetchone()[0] == len(zips - {"06600"})
    cities = [row[column + 0 - 2] for row in rows if row[1] == "1"]
    assert cities.count("NEW YORK") + cities.count("HOUSTON") > 30


def test_the_same_seed_gives_the_same_file(tmp_path):
    first = write_nppes(tmp_path / "a", rows=200, seed=9).main.read_bytes()
    second = write_nppes(tmp_path / "b", rows=200, seed=9).main.read_bytes()

    assert first == second


@pytest.mark.django_db
def test_the_sql_check_digit_agrees_with_python():
    rng = random.Random(1)
    npis = [f"{rng.randrange(10**9, 10**10)}" for _ in range(2000)]
    npis += [npi_for(i) for i in range(500)]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n, npi_is_valid(n) FROM unnest(%s::text[]) n", [npis + ["12ab"]]
        )
        answers = dict(cursor.fetchall())
    assert answers.pop("12ab") is False
    assert answers == {npi: is_valid_npi(npi) for npi in npis}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "expected"),
    [("02/29/2024", "2024-02-29"), ("02/29/2023", None), ("13/01/2020", None),
     ("2023-01-05", None), ("", None), ("12/31/1999", "1999-12-31")],
)  # fmt: skip
def test_the_sql_date_reader_returns_null_for_malformed_dates(text, expected):
    with connection.cursor() as cursor:
        cursor.execute("SELECT nppes_date(%s)::text", [text])
        assert cursor.fetchone()[0] == expected


@pytest.mark.parametrize("later", [date(2026, 11, 9), date(2026, 12, 14)])
def test_changed_changes_about_that_share_of_rows(tmp_path, later):
    """Next month's file (a later date) as well as the same month's."""
    from providers.importers.generators.nppes import write_nppes

    before = write_nppes(tmp_path / "a", rows=4000, seed=3)
    after = write_nppes(
        tmp_path / "b", rows=4000, seed=3, changed=0.05, file_date=later
    )

    old = before.main.read_text().splitlines()[1:]
    new = after.main.read_text().splitlines()[1:]
    differing = [b for a, b in zip(old, new, strict=True) if a != b]
    assert 0.03 * 4000 < len(differing) < 0.07 * 4000
    # A changed row was updated in the weeks before its file's date.
    recent = [f'"{later - timedelta(days=n):%m/%d/%Y}"' for n in range(1, 31)]
    updated = [row for row in differing if any(day in row for day in recent)]
    assert len(updated) == len(differing)


def test_the_clinician_files_have_the_published_headers_and_quoted_values(tmp_path):
    import csv

    from providers.importers.generators.clinicians import write_clinicians
    from providers.importers.layouts import (
        AFFILIATION_COLUMNS,
        DAC_COLUMNS,
        HOSPITAL_COLUMNS,
    )

    written = write_clinicians(tmp_path, clinicians=500, seed=1)

    for path, columns in (
        (written.national, DAC_COLUMNS),
        (written.affiliations, AFFILIATION_COLUMNS),
        (written.hospitals, HOSPITAL_COLUMNS),
    ):
        with open(path, newline="") as f:
            rows = list(csv.reader(f))
        assert rows[0] == columns
        assert all(len(row) == len(columns) for row in rows)
        assert path.read_text().splitlines()[1].startswith('"')
    # About two lines a clinician, as the national file has.
    assert 1.6 < written.lines / written.clinicians < 2.6
    national = list(csv.DictReader(written.national.read_text().splitlines()))
    assert any(row["ln_2_sprs"] == "Y" and row["adr_ln_2"] == "" for row in national)
    assert any(len(row["ZIP Code"]) == 9 for row in national)
    assert {row["ind_assgn"] for row in national} == {"Y", "M"}
    hospitals = list(csv.DictReader(written.hospitals.read_text().splitlines()))
    assert all(len(row["Facility ID"]) == 6 for row in hospitals)


def test_the_clinician_files_with_quirks_are_dressed_as_published(tmp_path):
    from providers.importers.generators.clinicians import write_clinicians

    written = write_clinicians(tmp_path, clinicians=300, seed=1, quirks=True)

    national = written.national.read_bytes()
    assert national.startswith(b"\xef\xbb\xbf") and b'"\r\n"' in national
    lines = national.split(b"\r\n")
    assert lines[1] == lines[2]  # line 2, twice
    latin1 = lines[written.quirks["latin1_line"] - 1]
    assert b"MU\xd1OZ" in latin1
    assert b'"(' in national  # a phone written (412) 555-0100
    assert written.hospitals.read_bytes().startswith(b"\xef\xbb\xbf")

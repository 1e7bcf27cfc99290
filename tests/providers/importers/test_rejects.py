"""Rejects files: what a spreadsheet opens must not run."""

import csv
import io

import pytest

from providers.importers.rejects import RejectsWriter


@pytest.mark.parametrize(
    "value",
    ['=HYPERLINK("http://evil.example","click")', "@SUM(A1:A9)", "+1+2", "-2+3"],
)
def test_cells_a_spreadsheet_would_run_are_written_as_text(value):
    out = io.StringIO()
    RejectsWriter(out).writerow(["npi.csv", 3, value, f"not a number: {value}"])
    (row,) = csv.reader(io.StringIO(out.getvalue()))
    assert row == ["npi.csv", "3", "'" + value, f"not a number: {value}"]


def test_plain_cells_are_written_as_they_are():
    out = io.StringIO()
    RejectsWriter(out).writerows([["a.csv", 2, "1234567893", "no last name"]])
    assert out.getvalue() == "a.csv,2,1234567893,no last name\r\n"

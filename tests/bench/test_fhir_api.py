"""The FHIR benchmark works: a tiny run on the test database prints a row of
figures for each place."""

import pytest

from bench import fhir_api
from tests.factories import make_location, make_procedure, make_specialist

pytestmark = [pytest.mark.system, pytest.mark.django_db]


def test_a_tiny_run_prints_a_row_for_every_place(capsys):
    kyphoplasty = make_procedure(slug="kyphoplasty", name="Kyphoplasty")
    make_specialist(
        locations=[make_location(latitude=40.7506, longitude=-73.9971)],
        procedures=[kyphoplasty],
    )
    fhir_api.main(["--runs", "1"])
    rows = [line for line in capsys.readouterr().out.splitlines() if line[:2] == "| "]
    assert [row.split(" | ")[0] for row in rows[1:]] == [
        f"| {label}" for label, _ in fhir_api.PLACES
    ]
    assert all(len(row.split(" | ")) == 7 for row in rows)


def test_a_tiny_export_run_prints_a_row_for_every_file_and_removes_them(
    tmp_path, capsys
):
    make_specialist()
    fhir_api.main(["--export", str(tmp_path), "--jobs", "1"])
    out = capsys.readouterr().out
    rows = [line.split(" | ") for line in out.splitlines() if line[:2] == "| "]
    assert [row[0] for row in rows[1:5]] == [
        "| Practitioner",
        "| PractitionerRole",
        "| Location",
        "| HealthcareService",
    ]
    assert [row[1] for row in rows[1:4]] == ["1", "1", "1"]
    assert "--jobs 1:" in out
    assert list(tmp_path.iterdir()) == []  # ~6 GB at 1M: never left behind

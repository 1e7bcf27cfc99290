"""The NUCC import: specialties by code, names from Display Name."""

import csv

import pytest
from django.core.management import call_command

from providers.importers.copying import ImportFileError
from providers.importers.generators.nucc import SPINE_CSV, write_nucc
from providers.importers.nucc.service import import_nucc
from providers.models import Specialty
from tests.factories import make_specialty

pytestmark = pytest.mark.django_db


def test_the_shipped_spine_codes_become_specialties_named_by_display_name():
    summary = import_nucc(SPINE_CSV)

    assert summary.created == 11
    spine = Specialty.objects.get(code="207XS0117X")
    assert spine.name == "Orthopaedic Surgery of the Spine Physician"
    assert spine.slug == "orthopaedic-surgery-of-the-spine-physician"


def test_codes_are_upserted_a_second_run_changes_nothing(tmp_path):
    make_specialty(code="207X00000X", name="Orthopaedic Surgery")
    path = write_nucc(tmp_path / "nucc_taxonomy_250.csv")

    first = import_nucc(path)
    second = import_nucc(path)

    assert first.updated == 1
    assert Specialty.objects.get(code="207X00000X").name == (
        "Orthopaedic Surgery Physician"
    )
    assert (second.created, second.updated) == (0, 0)
    assert second.unchanged == Specialty.objects.count()


def test_a_row_without_a_valid_code_is_rejected_with_its_line(tmp_path):
    path = write_nucc(
        tmp_path / "nucc.csv",
        extra_rows=[{"Code": "NOT-A-CODE", "Display Name": "Nothing"}],
    )

    summary = import_nucc(path)

    assert summary.rejected == 1
    line, code, reason = summary.rejects[0]
    assert line == len(path.read_text().splitlines()) and code == "NOT-A-CODE"
    assert "NOT-A-CODE" in reason
    assert not Specialty.objects.filter(name="Nothing").exists()


def test_another_layout_is_refused(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("code,name\n207X00000X,Ortho\n")

    with pytest.raises(ImportFileError, match="Display Name"):
        import_nucc(path)


def test_the_command_reports_its_counts(capsys):
    call_command("import_nucc", str(SPINE_CSV))

    assert "created 11" in capsys.readouterr().out


HEADER = (
    "Code,Grouping,Classification,Specialization,Definition,Notes,Display Name,"
    "Section\n"
)
ORTHO = (
    "207X00000X,Allopathic & Osteopathic Physicians,Orthopaedic Surgery,,"
    "A definition.,,Orthopaedic Surgery Physician,Individual\n"
)


@pytest.mark.parametrize(
    ("bad", "why"),
    [
        ("207X00000X,Allopathic & Osteopathic Physicians,Wrong Name\n", "3 values"),
        (
            '207X00000X,Allopathic,Orthopaedic Surgery,,"A definition.,,'
            "Wrong Name,Individual\n",
            "the rest is unread",
        ),
        (ORTHO.replace(",Individual", ",Individual,extra"), "9 values"),
    ],
)
def test_a_malformed_row_is_rejected_with_its_line_and_renames_nothing(
    tmp_path, bad, why
):
    make_specialty(code="207X00000X", name="Orthopaedic Surgery Physician")
    path = tmp_path / "nucc.csv"
    path.write_text(HEADER + ORTHO + bad)
    rejects = tmp_path / "rejects.csv"

    call_command("import_nucc", str(path), "--rejects", str(rejects))

    assert Specialty.objects.get(code="207X00000X").name == (
        "Orthopaedic Surgery Physician"
    )
    with open(rejects, newline="") as f:
        (row,) = list(csv.DictReader(f))
    assert row["line"] == "3"
    assert why in row["reason"]


def test_an_open_quote_spanning_rows_renames_nothing(tmp_path):
    make_specialty(code="207X00000X", name="Orthopaedic Surgery Physician")
    path = tmp_path / "nucc.csv"
    opened = ORTHO.replace(",Orthopaedic Surgery Physician", ',"Orthopaedic')
    path.write_text(HEADER + opened + ORTHO.replace("207X00000X", '207XS0114X",x'))

    summary = import_nucc(path)

    assert Specialty.objects.get(code="207X00000X").name == (
        "Orthopaedic Surgery Physician"
    )
    assert summary.rejects[0][0] == 2

"""The Medicare volumes import: billing codes summed per specialist and procedure."""

import csv

import pytest
from django.core.management import call_command

from providers.importers.copying import ImportFileError
from providers.importers.generators.medicare import write_medicare
from providers.importers.generators.medicare import write_medicare_rows as write
from providers.importers.layouts import MEDICARE_COLUMNS
from providers.importers.medicare.service import import_medicare_services
from providers.models import BillingCode, ServiceVolume
from tests.factories import make_procedure, make_specialist, valid_npi

pytestmark = pytest.mark.django_db


@pytest.fixture
def kyphoplasty():
    procedure = make_procedure(name="Kyphoplasty", slug="kyphoplasty")
    for code, add_on in (("22513", False), ("22514", False), ("22515", True)):
        BillingCode.objects.create(
            code=code, procedure=procedure, label=code, add_on=add_on
        )
    return procedure


def row(npi, code, services, benes, place="F"):
    return {
        "Rndrng_NPI": npi,
        "HCPCS_Cd": code,
        "HCPCS_Desc": "Kyphoplasty",
        "Place_Of_Srvc": place,
        "Tot_Srvcs": services,
        "Tot_Benes": benes,
    }


def test_services_are_summed_over_codes_and_patients_are_the_largest_code(
    tmp_path, kyphoplasty
):
    specialist = make_specialist()
    npi = specialist.npi
    path = write(
        tmp_path / "mup.csv",
        [
            row(npi, "22513", "80", "70"),
            row(npi, "22514", "50.0", "40", place="O"),
            row(npi, "22515", "30", "25"),  # an add-on: more levels, same patients
            row(npi, "99213", "500", "300"),  # not a catalog procedure
        ],
    )

    summary = import_medicare_services(path, year=2023)

    volume = ServiceVolume.objects.get(specialist=specialist, procedure=kyphoplasty)
    assert (volume.year, volume.services, volume.beneficiaries) == (2023, 130, 70)
    assert summary.counts["created"] == 1
    assert summary.counts["matched"] == 3


def test_a_second_run_changes_nothing_and_a_new_file_replaces_the_year(
    tmp_path, kyphoplasty
):
    specialist, other = make_specialist(), make_specialist()
    first = write(
        tmp_path / "a.csv",
        [row(specialist.npi, "22513", "20", "15"), row(other.npi, "22513", "12", "11")],
    )
    import_medicare_services(first, year=2023)
    assert import_medicare_services(first, year=2023).counts["unchanged"] == 2

    second = write(tmp_path / "b.csv", [row(specialist.npi, "22513", "25", "18")])
    counts = import_medicare_services(second, year=2023).counts

    assert (counts["updated"], counts["removed"]) == (1, 1)
    assert list(ServiceVolume.objects.values_list("services", flat=True)) == [25]


def test_rows_of_unlisted_npis_are_skipped_and_bad_numbers_rejected(
    tmp_path, kyphoplasty
):
    specialist = make_specialist()
    rejects = tmp_path / "rejects.csv"
    path = write(
        tmp_path / "mup.csv",
        [
            row(valid_npi(990001), "22513", "20", "15"),
            row(specialist.npi, "22514", "many", "15"),
        ],
    )

    counts = import_medicare_services(path, year=2023, rejects=rejects).counts

    assert (counts["skipped"], counts["rejected"]) == (1, 1)
    with open(rejects, newline="") as f:
        (reject,) = list(csv.DictReader(f))
    assert reject["line"] == "3"
    assert reject["reason"] == "Tot_Srvcs is not a number: many"
    assert not ServiceVolume.objects.exists()


def test_another_layout_is_refused(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("npi,code\n")
    with pytest.raises(ImportFileError, match="Tot_Srvcs"):
        import_medicare_services(path, year=2023)


def test_the_generator_writes_the_published_layout_and_the_command_reads_it(
    tmp_path, kyphoplasty, capsys
):
    path = write_medicare(tmp_path / "mup.csv", rows=500, npis=50)
    with open(path, newline="") as f:
        reader = csv.reader(f)
        assert next(reader) == MEDICARE_COLUMNS
        assert all(int(r[21]) >= 11 for r in reader)

    call_command(
        "import_medicare_services", str(path), "--year", "2023",
        "--rejects", str(tmp_path / "r.csv"), "--no-progress",
    )  # fmt: skip

    out = capsys.readouterr().out
    assert "Medicare 2023: read 500" in out
    assert "rejected 0" in out


def test_malformed_lines_are_rejected_with_their_line_never_applied(
    tmp_path, kyphoplasty
):
    specialist = make_specialist()
    rejects = tmp_path / "rejects.csv"
    path = write(tmp_path / "mup.csv", [row(specialist.npi, "22513", "20", "15")])
    with open(path, "a") as f:
        f.write(f"{specialist.npi},22514,short line\n")
        f.write(f'{specialist.npi},"22514,=HYPERLINK(""http://x""),open quote\n')

    counts = import_medicare_services(path, year=2023, rejects=rejects).counts

    assert counts["rejected"] == 2
    with open(rejects, newline="") as f:
        lines = list(csv.DictReader(f))
    assert [r["line"] for r in lines] == ["3", "4"]
    assert all(r["reason"].startswith("malformed row") for r in lines)
    volume = ServiceVolume.objects.get()
    assert (volume.services, volume.beneficiaries) == (20, 15)


def test_a_file_named_for_another_year_stops_unless_told(tmp_path, kyphoplasty):
    specialist = make_specialist()
    path = write(
        tmp_path / "MUP_PHY_R25_P05_V10_D23_Prov_Svc.csv",
        [row(specialist.npi, "22513", "20", "15")],
    )

    with pytest.raises(ImportFileError, match="of 2023 by its name"):
        import_medicare_services(path, year=2024)
    assert not ServiceVolume.objects.exists()

    import_medicare_services(path, year=2024, replace_year=True)
    assert ServiceVolume.objects.get().year == 2024


def test_a_file_much_smaller_than_the_year_stops_unless_told(tmp_path, kyphoplasty):
    people = [make_specialist() for _ in range(4)]
    full = write(
        tmp_path / "full.csv", [row(p.npi, "22513", "20", "15") for p in people]
    )
    import_medicare_services(full, year=2023)
    small = write(tmp_path / "small.csv", [row(people[0].npi, "22513", "20", "15")])

    with pytest.raises(ImportFileError, match="under half"):
        import_medicare_services(small, year=2023)
    assert ServiceVolume.objects.filter(year=2023).count() == 4

    import_medicare_services(small, year=2023, replace_year=True)
    assert ServiceVolume.objects.filter(year=2023).count() == 1


def test_a_year_can_be_removed_with_a_command(tmp_path, kyphoplasty):
    specialist = make_specialist()
    path = write(tmp_path / "a.csv", [row(specialist.npi, "22513", "20", "15")])
    import_medicare_services(path, year=2022)

    call_command("remove_medicare_year", "--year=2022", "--yes", verbosity=0)

    assert not ServiceVolume.objects.exists()

"""Hospital General Information: hospitals by CCN, leading zeros kept."""

import pytest

from providers.importers.clinicians.hospitals import import_hospitals
from providers.models import Hospital
from tests.providers.importers.clinicians.conftest import NOVEMBER, hospital

pytestmark = pytest.mark.django_db


def test_hospitals_are_kept_by_ccn_with_leading_zeros(hospital_file):
    path = hospital_file(
        [
            hospital("390164", "UPMC PRESBYTERIAN SHADYSIDE"),
            hospital("010001", "SOUTHEAST HEALTH MEDICAL CENTER", city="DOTHAN"),
        ]
    )

    summary = import_hospitals(path, month=NOVEMBER)

    assert summary.counts["created"] == 2
    dothan = Hospital.objects.get(ccn="010001")
    assert (dothan.name, dothan.city, dothan.emergency_services) == (
        "SOUTHEAST HEALTH MEDICAL CENTER",
        "DOTHAN",
        True,
    )


def test_a_ccn_that_lost_its_leading_zero_is_rejected_with_its_line(
    hospital_file, tmp_path
):
    path = hospital_file([hospital("10001", "LOST ZERO HOSPITAL")])
    rejects = tmp_path / "rejects.csv"

    summary = import_hospitals(path, month=NOVEMBER, rejects=rejects)

    assert summary.counts["rejected"] == 1
    assert not Hospital.objects.exists()
    assert "2,,Facility ID is not a 6-character CCN: 10001" in rejects.read_text()


def test_a_second_run_is_unchanged_and_a_new_month_updates_what_changed(
    hospital_file,
):
    from datetime import date

    path = hospital_file([hospital("390164", "UPMC PRESBYTERIAN SHADYSIDE")])
    import_hospitals(path, month=NOVEMBER)
    assert import_hospitals(path, month=NOVEMBER).counts["unchanged"] == 1

    renamed = hospital_file(
        [hospital("390164", "UPMC PRESBYTERIAN")], name="december.csv"
    )
    summary = import_hospitals(renamed, month=date(2026, 12, 1))

    assert summary.counts["updated"] == 1
    assert Hospital.objects.get(ccn="390164").name == "UPMC PRESBYTERIAN"


def test_a_header_with_spaces_after_the_commas_is_read_by_name(tmp_path):
    from providers.importers.layouts import HOSPITAL_COLUMNS

    path = tmp_path / "old.csv"
    values = hospital("390164", "UPMC PRESBYTERIAN")
    path.write_text(
        ", ".join(HOSPITAL_COLUMNS)
        + "\n"
        + ",".join(f'"{values.get(name, "")}"' for name in HOSPITAL_COLUMNS)
        + "\n"
    )

    import_hospitals(path, month=NOVEMBER)

    assert Hospital.objects.get(ccn="390164").city == "PITTSBURGH"

"""The national file's import: locations, groups, assignment, provenance, and
imports that cannot go backwards."""

import csv
import json
import threading
import time
from datetime import date

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from providers.importers.clinicians.national import crosswalk, import_clinicians
from providers.importers.common import IMPORT_LOCK
from providers.importers.copying import ImportFileError
from providers.models import (
    ChangeRequest,
    Enrollment,
    EnrollmentLine,
    Group,
    Practice,
    Report,
    SourceRecord,
    Specialist,
)
from tests.factories import make_specialty, valid_npi
from tests.providers.conftest import admin_form_data
from tests.providers.importers.clinicians.conftest import (
    DECEMBER,
    NOVEMBER,
    line,
    nppes_listing,
    practices_of,
)

pytestmark = pytest.mark.django_db


def test_each_address_is_a_location_and_one_address_under_two_groups_is_one(
    national,
):
    jane = nppes_listing()
    path = national(
        [
            line(jane.npi),
            line(jane.npi, org_pac_id="9876543210", **{"Facility Name": "UPMC"}),
            line(
                jane.npi,
                adr_ln_1="1350 LOCUST ST",
                adrs_id="PA152191234PI1350XSTEX200",
                **{"ZIP Code": "15219"},
            ),
        ]
    )

    summary = import_clinicians(path, month=NOVEMBER)

    practices = practices_of(jane)
    assert set(practices) == {"200 Lothrop St", "3471 Fifth Ave", "1350 Locust St"}
    fifth = practices["3471 Fifth Ave"]
    groups = EnrollmentLine.objects.filter(specialist=jane, location=fifth.location)
    assert sorted(line.group.name for line in groups) == [
        "THREE RIVERS SPINE ASSOCIATES",
        "UPMC",
    ]
    assert fifth.medicare_confirmed == NOVEMBER
    assert summary.counts["created"] == 1
    assert summary.counts["practices_added"] == 2


def test_assignment_y_accepts_and_m_may_accept(national):
    jane = nppes_listing()
    path = national(
        [
            line(jane.npi, ind_assgn="M"),
            line(
                jane.npi,
                ind_assgn="M",
                adr_ln_1="1 OTHER RD",
                adrs_id="PA15213OTHER",
                org_pac_id="",
                **{"Facility Name": ""},
            ),
            line(jane.npi, ind_assgn="Y", org_pac_id="9876543210"),
        ]
    )

    import_clinicians(path, month=NOVEMBER)

    practices = practices_of(jane)
    # Y on one of the address's lines: accepts there.
    assert practices["3471 Fifth Ave"].medicare_assignment == "Y"
    assert practices["1 Other Rd"].medicare_assignment == "M"
    assert practices["200 Lothrop St"].medicare_assignment == ""


def test_a_suppressed_line_2_is_never_shown_and_nine_digit_zips_stay_whole(
    national,
):
    jane = nppes_listing()
    path = national([line(jane.npi, adr_ln_2="", ln_2_sprs="Y")])

    import_clinicians(path, month=NOVEMBER)

    location = practices_of(jane)["3471 Fifth Ave"].location
    assert location.address_line2 == ""
    assert location.zip_code == "15213-2582"


def test_lines_of_npis_nppes_does_not_know_or_deactivated_are_skipped(national):
    jane = nppes_listing()
    gone = nppes_listing()
    SourceRecord.objects.filter(specialist=gone).update(
        deactivated_on=date(2026, 10, 1)
    )
    stranger = valid_npi()
    path = national(
        [line(jane.npi), line(gone.npi), line(stranger), line("1234567890")]
    )

    summary = import_clinicians(path, month=NOVEMBER)

    assert summary.counts["unknown"] == 1
    assert summary.counts["deactivated"] == 1
    assert summary.counts["rejected"] == 1  # bad check digit
    assert summary.counts["skipped"] == 2
    assert not Specialist.objects.filter(npi=stranger).exists()
    assert set(practices_of(gone)) == {"200 Lothrop St"}


def test_the_same_address_as_nppes_is_the_nppes_location(national):
    jane = nppes_listing()
    path = national(
        [line(jane.npi, adr_ln_1="200 LOTHROP ST", adr_ln_2="", adrs_id="PA1")]
    )

    import_clinicians(path, month=NOVEMBER)

    practices = practices_of(jane)
    assert set(practices) == {"200 Lothrop St"}
    assert practices["200 Lothrop St"].medicare_confirmed == NOVEMBER


def test_a_location_gone_from_the_file_is_unconfirmed_then_removed_if_no_source_has_it(
    national, tmp_path
):
    jane = nppes_listing()
    import_clinicians(
        national(
            [line(jane.npi), line(jane.npi, adr_ln_1="200 LOTHROP ST", adrs_id="X")]
        ),
        month=NOVEMBER,
    )
    assert set(practices_of(jane)) == {"200 Lothrop St", "3471 Fifth Ave"}
    other = nppes_listing()
    later = national([line(other.npi)], name="later.csv")

    summary = import_clinicians(later, month=DECEMBER, allow_shrink=True)

    practices = practices_of(jane)
    # NPPES still confirms its address; only Medicare confirmed Fifth Ave.
    assert set(practices) == {"200 Lothrop St"}
    assert practices["200 Lothrop St"].medicare_confirmed is None
    assert summary.counts["practices_removed"] == 1
    # The other clinician still practices at the shared office.
    assert "3471 Fifth Ave" in practices_of(other)


def test_a_second_run_of_the_same_file_changes_nothing(national):
    jane = nppes_listing()
    path = national([line(jane.npi), line(jane.npi, org_pac_id="9876543210")])
    import_clinicians(path, month=NOVEMBER)

    summary = import_clinicians(path, month=NOVEMBER)

    assert summary.counts["unchanged"] == 1
    assert summary.counts["created"] == summary.counts["updated"] == 0
    assert summary.counts["practices_added"] == 0


def test_next_months_file_listing_a_clinician_as_before_confirms_the_new_month(
    national,
):
    jane = nppes_listing()
    path = national([line(jane.npi)])
    import_clinicians(path, month=NOVEMBER)

    summary = import_clinicians(path, month=DECEMBER)

    assert summary.counts["unchanged"] == 1
    practice = practices_of(jane)["3471 Fifth Ave"]
    assert practice.medicare_confirmed == DECEMBER
    assert practice.medicare_assignment == "Y"
    assert jane.enrollment_lines.get().file_date == DECEMBER
    assert Enrollment.objects.get(specialist=jane).file_date == DECEMBER
    assert Group.objects.get(pac_id="1234567890").file_date == DECEMBER


def test_a_clinician_back_in_the_file_after_a_month_out_has_their_lines_again(
    national,
):
    jane = nppes_listing()
    other = nppes_listing()
    import_clinicians(national([line(jane.npi), line(other.npi)]), month=NOVEMBER)
    import_clinicians(
        national([line(other.npi)], name="december.csv"),
        month=DECEMBER,
        allow_shrink=True,
    )
    assert not jane.enrollment_lines.exists()

    summary = import_clinicians(
        national([line(jane.npi), line(other.npi)], name="january.csv"),
        month=date(2027, 1, 1),
    )

    assert summary.counts["updated"] == 1
    assert jane.enrollment_lines.count() == 1
    january = practices_of(jane)["3471 Fifth Ave"].medicare_confirmed
    assert january == date(2027, 1, 1)


def test_a_group_renamed_in_the_file_is_renamed_for_every_member(national):
    jane, other = nppes_listing(), nppes_listing()
    import_clinicians(national([line(jane.npi), line(other.npi)]), month=NOVEMBER)

    renamed = {"Facility Name": "THREE RIVERS SPINE AND PAIN"}
    summary = import_clinicians(
        national([line(jane.npi, **renamed), line(other.npi, **renamed)]),
        month=DECEMBER,
    )

    assert summary.counts["updated"] == 2
    assert Group.objects.get(pac_id="1234567890").name == renamed["Facility Name"]


def test_working_tables_a_killed_run_left_behind_do_not_stop_the_next(national):
    jane = nppes_listing()
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE import_dac_rows (line bigint)")

    summary = import_clinicians(national([line(jane.npi)]), month=NOVEMBER)

    assert summary.counts["created"] == 1


def test_an_older_month_is_refused_before_anything_is_written(national):
    jane = nppes_listing()
    import_clinicians(national([line(jane.npi)]), month=DECEMBER)
    older = national([line(jane.npi, ind_assgn="M")], name="older.csv")

    with pytest.raises(ImportFileError, match="older than the one already imported"):
        import_clinicians(older, month=NOVEMBER)

    assert practices_of(jane)["3471 Fifth Ave"].medicare_assignment == "Y"


def test_a_file_much_smaller_than_the_last_is_refused_unless_allowed(national):
    people = [nppes_listing() for _ in range(4)]
    import_clinicians(national([line(p.npi) for p in people]), month=NOVEMBER)
    small = national([line(people[0].npi)], name="small.csv")

    with pytest.raises(ImportFileError, match="under half"):
        import_clinicians(small, month=DECEMBER)

    assert "3471 Fifth Ave" in practices_of(people[3])


def test_a_file_cut_short_stops_with_one_line_and_nothing_written(national):
    jane = nppes_listing()
    path = national([line(jane.npi), line(jane.npi, adrs_id="B", adr_ln_1="9 B ST")])
    text = path.read_bytes()
    path.write_bytes(text[: len(text) - 40])

    with pytest.raises(ImportFileError, match="cut short"):
        import_clinicians(path, month=NOVEMBER)

    assert set(practices_of(jane)) == {"200 Lothrop St"}


def test_corrected_locations_win_and_a_changed_file_is_reported(national):
    jane = nppes_listing()
    ChangeRequest.objects.create(
        kind="edit",
        specialist=jane,
        status="approved",
        proposed={"locations": [{"id": 1}]},
        base={"locations": []},
    )

    summary = import_clinicians(national([line(jane.npi)]), month=NOVEMBER)

    assert set(practices_of(jane)) == {"200 Lothrop St"}
    assert summary.counts["conflicts"] == 1
    report = Report.objects.get(specialist=jane)
    assert "3471 Fifth Ave" in report.what_is_wrong


def test_an_admin_edit_of_a_location_is_a_correction_the_file_keeps(
    national, staff_client
):
    jane = nppes_listing()
    location = jane.locations.get()
    url = reverse("admin:providers_location_change", args=[location.pk])
    staff_client.post(
        url, admin_form_data(staff_client.get(url), phone="(412) 555-0199")
    )

    summary = import_clinicians(national([line(jane.npi)]), month=NOVEMBER)

    assert set(practices_of(jane)) == {"200 Lothrop St"}
    assert summary.counts["conflicts"] == 1
    assert "3471 Fifth Ave" in Report.objects.get(specialist=jane).what_is_wrong


def test_specialties_map_through_the_crosswalk_and_other_names_stay_text(national):
    spine = make_specialty(code="207X00000X", name="Orthopaedic Surgery")
    jane, john = nppes_listing(), nppes_listing()
    unmapped = "HEMATOPOIETIC CELL TRANSPLANTATION AND CELLULAR THERAPY"
    path = national(
        [
            line(jane.npi, sec_spec_1=unmapped),
            line(john.npi, adrs_id="PA1", pri_spec="PHLEBOLOGY"),
        ]
    )

    summary = import_clinicians(path, month=NOVEMBER)

    assert list(jane.specialties.all()) == [spine]
    assert jane.enrollment.values["specialties"] == [unmapped, "ORTHOPEDIC SURGERY"]
    assert john.enrollment.values["specialties"] == ["PHLEBOLOGY"]
    assert summary.counts["unmapped_specialties"] == 2
    assert crosswalk()["INTERVENTIONAL PAIN MANAGEMENT"] == "208VP0014X"


def test_the_crosswalk_is_cms_release_with_the_national_files_names():
    names = crosswalk()

    assert names["ORTHOPEDIC SURGERY"] == "207X00000X"
    assert names["SPORTS MEDICINE"] == "207XX0005X"  # CMS lists it first
    assert names["ALLERGY/IMMUNOLOGY"] == names["ALLERGY/ IMMUNOLOGY"] == "207K00000X"
    assert names["OBSTETRICS/GYNECOLOGY"] == "207V00000X"
    assert names["CLINICAL PSYCHOLOGIST"] == "103T00000X"
    assert names["HOSPITALIST"] == "208M00000X"
    assert "HEMATOPOIETIC CELL TRANSPLANTATION AND CELLULAR THERAPY" not in names


def test_telehealth_y_says_yes_and_a_providers_own_value_stays(national):
    jane, john = nppes_listing(), nppes_listing()
    ChangeRequest.objects.create(
        kind="edit",
        specialist=john,
        status="approved",
        proposed={"telehealth": False},
        base={"telehealth": None},
    )
    Specialist.objects.filter(pk=john.pk).update(telehealth=False)

    import_clinicians(
        national([line(jane.npi, Telehlth="Y"), line(john.npi, Telehlth="Y")]),
        month=NOVEMBER,
    )

    jane.refresh_from_db()
    john.refresh_from_db()
    assert jane.telehealth is True
    assert john.telehealth is False


def test_a_second_import_waits_for_the_first_and_says_so(national):
    jane = nppes_listing()
    path = national([line(jane.npi)])
    params = connection.get_connection_params()
    other = psycopg.connect(
        **{k: v for k, v in params.items() if k in ("dbname", "user", "host", "port")},
        autocommit=True,
    )
    other.execute("SELECT pg_advisory_lock(%s)", [IMPORT_LOCK])
    said = []
    threading.Timer(
        0.5, lambda: other.execute("SELECT pg_advisory_unlock_all()")
    ).start()
    started = time.perf_counter()

    import_clinicians(path, month=NOVEMBER, log=said.append)

    other.close()
    assert time.perf_counter() - started >= 0.4
    assert any("Another import is running" in text for text in said)
    assert "3471 Fifth Ave" in practices_of(jane)


def test_the_command_writes_the_summary_and_the_rejects(national, tmp_path):
    jane = nppes_listing()
    path = national([line(jane.npi), line(jane.npi, **{"ZIP Code": "1521"})])
    summary, rejects = tmp_path / "summary.json", tmp_path / "rejects.csv"

    call_command(
        "import_clinicians",
        str(path),
        "--month=2026-11",
        f"--summary-json={summary}",
        f"--rejects={rejects}",
        "--no-progress",
        verbosity=0,
    )

    counts = json.loads(summary.read_text())
    for key in ["read", "created", "updated", "unchanged", "skipped", "rejected",
                "conflicts", "seconds"]:  # fmt: skip
        assert key in counts
    assert counts["rejected"] == 1
    assert "line" in rejects.read_text() and "malformed ZIP Code: 1521" in (
        rejects.read_text()
    )


def test_the_command_says_one_line_for_a_folder_and_an_unwritable_rejects_path(
    tmp_path, national
):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="is a folder"):
        call_command("import_clinicians", str(tmp_path), verbosity=0)
    path = national([line(valid_npi())])
    with pytest.raises(CommandError, match="cannot write the rejects file"):
        call_command(
            "import_clinicians",
            str(path),
            "--month=2026-11",
            f"--rejects={tmp_path}/no/such/../../{path.name}/x.csv",
            verbosity=0,
        )
    assert not Practice.objects.exists()


def test_a_malformed_line_is_rejected_with_its_line_and_the_rest_imported(
    national, tmp_path
):
    jane = nppes_listing()
    path = national([line(jane.npi, adrs_id="B", adr_ln_1="9 B ST")])
    with open(path, "a", encoding="utf-8") as f:
        f.write(f'{jane.npi},"an unclosed quote,and too few values\n')
    rejects = tmp_path / "rejects.csv"

    summary = import_clinicians(path, month=NOVEMBER, rejects=rejects)

    assert summary.counts["rejected"] == 1
    assert "9 B St" in practices_of(jane)
    (reject,) = list(csv.DictReader(rejects.open()))
    assert reject["line"] == "3" and reject["reason"].startswith("malformed row")


def test_only_the_lines_of_changed_clinicians_reach_the_database(national):
    jane, other = nppes_listing(), nppes_listing()
    import_clinicians(national([line(jane.npi), line(other.npi)]), month=NOVEMBER)

    summary = import_clinicians(
        national([line(jane.npi, **{"Telephone Number": "4125550199"}),
                  line(other.npi)]),
        month=DECEMBER,
    )  # fmt: skip

    assert summary.counts["read"] == 2
    assert (summary.counts["updated"], summary.counts["unchanged"]) == (1, 1)
    assert jane.locations.get(address_line1="3471 Fifth Ave").phone == "4125550199"
    assert practices_of(other)["3471 Fifth Ave"].medicare_confirmed == DECEMBER


def test_a_clinician_with_a_rejected_line_is_read_again_and_rejected_again(
    national, tmp_path
):
    jane = nppes_listing()
    path = national([line(jane.npi), line(jane.npi, adrs_id="B", State="Penn")])
    rejects = tmp_path / "rejects.csv"
    import_clinicians(path, month=NOVEMBER, rejects=rejects)

    summary = import_clinicians(path, month=NOVEMBER, rejects=rejects)

    assert summary.counts["rejected"] == 1
    assert summary.counts["unchanged"] == 0
    (reject,) = list(csv.DictReader(rejects.open()))
    assert reject["line"] == "3" and "State" in reject["reason"]


def test_a_clinician_deactivated_since_the_last_file_is_skipped_not_unchanged(
    national,
):
    jane = nppes_listing()
    path = national([line(jane.npi)])
    import_clinicians(path, month=NOVEMBER)
    SourceRecord.objects.filter(specialist=jane).update(
        deactivated_on=date(2026, 11, 20)
    )

    summary = import_clinicians(path, month=DECEMBER)

    assert summary.counts["deactivated"] == 1
    assert summary.counts["unchanged"] == 0


def test_a_malformed_line_is_rejected_again_when_the_file_is_run_again(national):
    jane = nppes_listing()
    path = national([line(jane.npi, adrs_id="B", adr_ln_1="9 B ST")])
    with open(path, "a", encoding="utf-8") as f:
        f.write(f'"{jane.npi}","an unclosed quote,and too few values\n')
    import_clinicians(path, month=NOVEMBER)

    summary = import_clinicians(path, month=NOVEMBER)

    assert summary.counts["rejected"] == 1

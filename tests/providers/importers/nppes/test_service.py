"""The NPPES import: each rule, re-imports, corrections, rejects, the command."""

import csv
import json
import zipfile
from datetime import date

import pytest
from django.contrib.gis.measure import D
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from geo.geocoding import Precision
from geo.points import make_point
from providers.importers.copying import ImportFileError
from providers.importers.generators.nppes import bad_check_digit, npi_for
from providers.importers.layouts import NPPES_COLUMNS
from providers.importers.nppes.service import import_nppes
from providers.listing_values import snapshot
from providers.models import (
    ImportRun,
    Location,
    Report,
    SearchEntry,
    SourceRecord,
    Specialist,
)
from providers.services import approve_change, submit_edit
from tests.providers.conftest import admin_form_data, make_user
from tests.providers.importers.conftest import (
    FAMILY_MEDICINE,
    FILE,
    LICENSE,
    NEWER,
    SPINE,
    write_main,
    write_secondary,
)

pytestmark = pytest.mark.usefixtures("spine_specialties")
NPI = npi_for(1, seed=7)


def run(tmp_path, name, rows, **options):
    return import_nppes([write_main(tmp_path / name, rows)], **options).counts


def test_a_spine_surgeon_becomes_a_published_listing_placed_at_the_zip(tmp_path, rows):
    counts = run(tmp_path, FILE, [rows.individual(NPI, credentials="M.D.")])

    assert counts["created"] == 1
    specialist = Specialist.objects.get(npi=NPI)
    assert specialist.full_name == "Jane Smith"
    assert specialist.credentials == "M.D."
    assert specialist.status == Specialist.Status.PUBLISHED
    assert [s.code for s in specialist.specialties.all()] == [SPINE]
    location = specialist.locations.get()
    assert location.address_lines == ["200 Lothrop St", "Pittsburgh, PA 15213"]
    assert location.precision == Precision.ZIP
    oakland = make_point(latitude=40.444, longitude=-79.9552)
    assert Location.objects.filter(
        pk=location.pk, point__dwithin=(oakland, D(mi=2))
    ).exists()


def test_the_source_record_keeps_the_file_the_date_and_the_values(tmp_path, rows):
    run(tmp_path, FILE, [rows.individual(NPI, credentials="M.D.")])

    record = SourceRecord.objects.get(specialist__npi=NPI)
    assert record.file_name == FILE
    assert record.file_date == date(2026, 11, 9)
    assert record.last_update == date(2026, 6, 1)
    assert record.values["last_name"] == "SMITH"
    assert record.values["address"]["zip"] == "15213"
    assert len(record.row_hash) == 32


def test_history_says_which_file_changed_the_listing(tmp_path, rows):
    run(tmp_path, FILE, [rows.individual(NPI, credentials="MD")])
    specialist = Specialist.objects.get(npi=NPI)
    assert specialist.source_record.file_name == FILE  # where it came from

    run(tmp_path, NEWER, [rows.individual(NPI, credentials="DO", updated="11/20/2026")])

    entry = specialist.history.get()
    assert entry.history_type == "~"
    assert entry.history_change_reason == f"Imported from NPPES: {NEWER}"
    assert entry.credentials == "DO"


def test_new_listings_can_wait_for_review(tmp_path, rows):
    run(tmp_path, FILE, [rows.individual(NPI)], status="pending")

    assert Specialist.objects.get(npi=NPI).status == "pending"


def test_organizations_and_other_professions_are_skipped(tmp_path, rows):
    counts = run(
        tmp_path,
        FILE,
        [
            rows.organization(npi_for(2, seed=7)),
            rows.individual(npi_for(3, seed=7), taxonomy=FAMILY_MEDICINE),
            rows.individual(NPI),
        ],
    )

    assert counts["read"] == 3
    assert counts["created"] == 1
    assert counts["organizations"] == 1
    assert counts["out_of_scope"] == 1
    assert counts["skipped"] == 2
    assert list(Specialist.objects.values_list("npi", flat=True)) == [NPI]


def test_all_keeps_every_valid_individual(tmp_path, rows):
    family = npi_for(3, seed=7)
    counts = run(
        tmp_path, FILE, [rows.individual(family, taxonomy=FAMILY_MEDICINE)],
        everyone=True,
    )  # fmt: skip

    assert counts["created"] == 1
    assert Specialist.objects.get(npi=family).specialties.count() == 0


def test_the_primary_taxonomy_may_be_in_any_slot(tmp_path, rows):
    row = rows.individual(
        NPI,
        taxonomy=FAMILY_MEDICINE,
        **{
            "Healthcare Provider Primary Taxonomy Switch_1": "N",
            "Healthcare Provider Taxonomy Code_3": SPINE,
            "Healthcare Provider Primary Taxonomy Switch_3": "Y",
        },
    )
    run(tmp_path, FILE, [row])

    record = SourceRecord.objects.get(specialist__npi=NPI)
    assert record.values["primary_taxonomy"] == SPINE
    assert record.values["taxonomies"] == [FAMILY_MEDICINE, SPINE]
    assert [s.code for s in record.specialist.specialties.all()] == [SPINE]


def test_the_state_licenses_are_kept_as_the_registry_gave_them(tmp_path, rows):
    row = rows.individual(
        NPI,
        **{
            "Healthcare Provider Primary Taxonomy Switch_1": "N",
            "Healthcare Provider Taxonomy Code_3": FAMILY_MEDICINE,
            "Provider License Number_3": " 0101245 ",
            "Provider License Number State Code_3": "OH",
            "Healthcare Provider Primary Taxonomy Switch_3": "Y",
        },
    )
    run(tmp_path, FILE, [row])

    record = SourceRecord.objects.get(specialist__npi=NPI)
    assert record.values["licenses"] == [
        {"taxonomy": SPINE, "number": LICENSE, "state": "PA", "primary": False},
        {"taxonomy": FAMILY_MEDICINE, "number": "0101245", "state": "OH",
         "primary": True},
    ]  # fmt: skip


def test_a_row_without_license_numbers_keeps_none(tmp_path, rows):
    row = rows.individual(NPI, **{"Provider License Number_1": ""})
    run(tmp_path, FILE, [row])

    assert SourceRecord.objects.get(specialist__npi=NPI).values["licenses"] == []


def test_a_changed_license_updates_the_record(tmp_path, rows):
    run(tmp_path, FILE, [rows.individual(NPI)])
    renewed = rows.individual(NPI, **{"Provider License Number_1": "MD999999"})

    counts = run(tmp_path, NEWER, [renewed])

    assert counts["updated"] == 1
    (license,) = SourceRecord.objects.get(specialist__npi=NPI).values["licenses"]
    assert license["number"] == "MD999999"
    assert SourceRecord.objects.get(specialist__npi=NPI).file_name == NEWER


def test_a_zip_plus_four_is_placed_by_its_first_five_digits(tmp_path, rows):
    run(tmp_path, FILE, [rows.individual(NPI, zip="152132582")])

    location = Specialist.objects.get(npi=NPI).locations.get()
    assert location.zip_code == "15213-2582"
    assert location.precision == Precision.ZIP


def test_bad_rows_go_to_the_rejects_file_with_line_and_reason(tmp_path, rows):
    good = npi_for(10, seed=7)
    bad = [
        rows.individual(bad_check_digit(npi_for(11, seed=7))),
        rows.individual(npi_for(12, seed=7), last_name=""),
        rows.individual(npi_for(13, seed=7), country="CA", zip="M5V3L9"),
        rows.individual(npi_for(14, seed=7), zip="00000"),
        rows.individual(npi_for(15, seed=7), updated="2023-13-45"),
        rows.individual(npi_for(16, seed=7), updated="02/30/2024"),
    ]
    rejects = tmp_path / "rejects.csv"
    counts = run(tmp_path, FILE, [rows.individual(good), *bad], rejects=rejects)

    assert counts["rejected"] == 6
    assert counts["created"] == 1
    with open(rejects, newline="") as f:
        lines = list(csv.DictReader(f))
    assert [(r["line"], r["reason"]) for r in lines] == [
        ("3", f"invalid NPI check digit: {bad_check_digit(npi_for(11, seed=7))}"),
        ("4", "no last name"),
        ("5", "practice address outside the U.S. (country CA)"),
        ("6", "unknown practice ZIP code: 00000"),
        ("7", 'malformed date in "Last Update Date": 2023-13-45'),
        ("8", 'malformed date in "Last Update Date": 02/30/2024'),
    ]
    assert {r["file"] for r in lines} == {FILE}
    assert list(Specialist.objects.values_list("npi", flat=True)) == [good]


def test_a_second_run_of_the_same_file_changes_nothing(tmp_path, rows):
    path = write_main(tmp_path / FILE, [rows.individual(NPI)])
    import_nppes([path])
    before = Specialist.objects.values_list("updated", flat=True).get(npi=NPI)

    counts = import_nppes([path]).counts

    assert counts["unchanged"] == 1
    assert counts["created"] == counts["updated"] == 0
    assert Specialist.objects.values_list("updated", flat=True).get(npi=NPI) == before
    assert (
        SourceRecord.objects.get(specialist__npi=NPI).values["licenses"][0]["number"]
        == LICENSE
    )
    assert not Specialist.objects.get(npi=NPI).history.exists()
    assert Location.objects.count() == 1


def test_a_newer_file_updates_the_listing(tmp_path, rows):
    run(tmp_path, FILE, [rows.individual(NPI, credentials="M.D.")])
    newer = rows.individual(
        NPI, credentials="M.D., PH.D.", line1="3471 FIFTH AVE", updated="11/20/2026"
    )

    counts = run(tmp_path, NEWER, [newer])

    assert counts["updated"] == 1
    specialist = Specialist.objects.get(npi=NPI)
    assert specialist.credentials == "M.D., PH.D."
    assert specialist.locations.get().address_line1 == "3471 Fifth Ave"
    assert specialist.history.first().history_change_reason.endswith(NEWER)


def test_an_older_row_never_overwrites_a_newer_one(tmp_path, rows):
    run(tmp_path, NEWER, [rows.individual(NPI, credentials="DO", updated="11/20/2026")])

    counts = run(tmp_path, FILE, [rows.individual(NPI, credentials="MD")])

    assert counts["older"] == 1
    assert Specialist.objects.get(npi=NPI).credentials == "DO"


def test_of_a_repeated_npi_the_newest_row_wins(tmp_path, rows):
    counts = run(
        tmp_path,
        FILE,
        [
            rows.individual(NPI, credentials="NEW", updated="09/01/2026"),
            rows.individual(NPI, credentials="OLD", updated="01/01/2026"),
        ],
    )

    assert counts["created"] == 1
    assert counts["repeated"] == 1
    assert Specialist.objects.get(npi=NPI).credentials == "NEW"


def test_of_rows_of_an_npi_updated_the_same_day_the_last_wins(tmp_path, rows):
    once = npi_for(2, seed=7)
    counts = run(
        tmp_path,
        FILE,
        [
            rows.individual(NPI, credentials="FIRST", updated="09/01/2026"),
            rows.individual(once, credentials="ONLY", updated="01/01/2026"),
            rows.individual(NPI, credentials="LAST", updated="09/01/2026"),
            rows.individual(NPI, credentials="OLDER", updated="08/01/2026"),
        ],
    )

    assert (counts["created"], counts["repeated"]) == (2, 2)
    assert Specialist.objects.get(npi=NPI).credentials == "LAST"
    assert Specialist.objects.get(npi=once).credentials == "ONLY"


def test_a_deactivated_npi_is_suspended_with_reason_and_date(tmp_path, rows):
    run(tmp_path, FILE, [rows.individual(NPI)])

    counts = run(tmp_path, NEWER, [rows.deactivated(NPI, on="11/15/2026")])

    assert counts["suspended"] == 1
    specialist = Specialist.objects.get(npi=NPI)
    assert specialist.status == Specialist.Status.SUSPENDED
    record = specialist.source_record
    assert record.deactivated_on == date(2026, 11, 15)
    assert record.get_deactivation_reason_display() == "Death"
    assert specialist.history.first().history_change_reason.startswith(
        "NPI deactivated in NPPES"
    )


def test_a_deactivated_npi_not_in_the_directory_is_skipped(tmp_path, rows):
    counts = run(tmp_path, FILE, [rows.deactivated(NPI)])

    assert counts["deactivated_unknown"] == 1
    assert not Specialist.objects.exists()


def test_a_reactivated_npi_comes_back(tmp_path, rows):
    run(tmp_path, FILE, [rows.individual(NPI)])
    run(tmp_path, "npidata_pfile_20261110-20261116.csv", [rows.deactivated(NPI)])

    reactivated = rows.individual(
        NPI,
        updated="12/01/2026",
        **{
            "NPI Deactivation Date": "10/01/2026",
            "NPI Reactivation Date": "12/01/2026",
        },
    )
    counts = run(tmp_path, NEWER, [reactivated])

    assert counts["reactivated"] == 1
    assert Specialist.objects.get(npi=NPI).status == Specialist.Status.PUBLISHED
    assert not Specialist.objects.get(npi=NPI).source_record.is_deactivated


def test_an_older_file_after_a_deactivation_never_republishes_the_npi(tmp_path, rows):
    run(tmp_path, FILE, [rows.individual(NPI)])
    run(tmp_path, NEWER, [rows.deactivated(NPI, on="12/01/2026")])

    # The November file again, after December's deactivation.
    counts = run(tmp_path, FILE, [rows.individual(NPI)])

    assert counts["older"] == 1
    assert Specialist.objects.get(npi=NPI).status == Specialist.Status.SUSPENDED


def test_an_older_deactivation_never_undoes_a_newer_reactivation(tmp_path, rows):
    reactivated = rows.individual(
        NPI,
        updated="12/01/2026",
        **{
            "NPI Deactivation Date": "10/01/2026",
            "NPI Reactivation Date": "12/01/2026",
        },
    )
    run(tmp_path, NEWER, [reactivated])

    # A file from between the two: it knows a deactivation, not the return.
    counts = run(tmp_path, FILE, [rows.deactivated(NPI, on="11/01/2026")])

    assert counts["older"] == 1
    assert Specialist.objects.get(npi=NPI).status == Specialist.Status.PUBLISHED


def test_a_file_older_than_a_monthly_file_imported_changes_nothing_by_its_date(
    tmp_path, rows
):
    # The same Last Update Date in both files: only the files' dates tell
    # which is newer.
    run(tmp_path, NEWER, [rows.individual(NPI, credentials="DO")])

    counts = run(tmp_path, FILE, [rows.individual(NPI, credentials="MD")])

    assert (counts["older"], counts["updated"]) == (1, 0)
    assert Specialist.objects.get(npi=NPI).credentials == "DO"
    assert SourceRecord.objects.get(specialist__npi=NPI).file_name == NEWER


def test_an_older_file_never_lists_an_npi_a_newer_monthly_file_deactivated(
    tmp_path, rows
):
    run(tmp_path, NEWER, [rows.deactivated(NPI, on="12/01/2026")])

    counts = run(tmp_path, FILE, [rows.individual(NPI)])

    assert (counts["older"], counts["created"]) == (1, 0)
    assert not Specialist.objects.filter(npi=NPI).exists()


def test_a_weekly_file_older_than_the_one_that_changed_an_npi_changes_nothing(
    tmp_path, rows
):
    run(tmp_path, FILE, [rows.individual(NPI, credentials="MD")])
    run(
        tmp_path,
        "npidata_pfile_20261201-20261207.csv",
        [rows.individual(NPI, credentials="DO", updated="11/12/2026")],
    )

    counts = run(
        tmp_path,
        "npidata_pfile_20261110-20261116.csv",
        [rows.individual(NPI, credentials="MD, PHD", updated="11/12/2026")],
    )

    assert counts["older"] == 1
    assert Specialist.objects.get(npi=NPI).credentials == "DO"


def test_a_practice_location_file_older_than_a_monthly_file_changes_nothing(
    tmp_path, rows
):
    prefix = "Provider Secondary Practice Location Address"
    place = {
        "NPI": NPI,
        f"{prefix}- Address Line 1": "1400 LOCUST ST",
        f"{prefix} - City Name": "PITTSBURGH",
        f"{prefix} - State Name": "PA",
        f"{prefix} - Postal Code": "15219",
    }
    main = write_main(tmp_path / NEWER, [rows.individual(NPI)])
    newer_pl = write_secondary(tmp_path / "pl_pfile_20050523-20261214.csv", [place])
    import_nppes([main, newer_pl])

    older_pl = write_secondary(tmp_path / "pl_pfile_20050523-20261109.csv", [])
    counts = import_nppes([older_pl]).counts

    assert counts["older"] == 1
    assert "1400 Locust St" in [
        location.address_line1
        for location in Specialist.objects.get(npi=NPI).locations.all()
    ]


def test_an_admin_edit_survives_a_newer_file_and_is_queued_for_moderators(
    tmp_path, rows, staff_client
):
    run(tmp_path, FILE, [rows.individual(NPI, credentials="M.D.")])
    specialist = Specialist.objects.get(npi=NPI)
    url = reverse("admin:providers_specialist_change", args=[specialist.pk])
    staff_client.post(
        url, admin_form_data(staff_client.get(url), credentials="MD, FAAOS")
    )

    counts = run(
        tmp_path, NEWER, [rows.individual(NPI, credentials="DO", updated="11/20/2026")]
    )

    assert counts["conflicts"] == 1
    assert Specialist.objects.get(npi=NPI).credentials == "MD, FAAOS"
    report = Report.objects.get(specialist__npi=NPI, status="pending")
    assert 'credentials "DO"' in report.what_is_wrong


def test_an_admin_edit_of_the_address_survives_a_newer_file_that_moves_it(
    tmp_path, rows, staff_client
):
    run(tmp_path, FILE, [rows.individual(NPI)])
    location = Specialist.objects.get(npi=NPI).locations.get()
    url = reverse("admin:providers_location_change", args=[location.pk])
    staff_client.post(
        url,
        admin_form_data(staff_client.get(url), address_line1="200 Lothrop St, 5th Fl"),
    )

    moved = rows.individual(NPI, line1="5200 CENTRE AVE", updated="11/20/2026")
    counts = run(tmp_path, NEWER, [moved])

    assert counts["conflicts"] == 1
    kept = Specialist.objects.get(npi=NPI).locations.get()
    assert kept.address_line1 == "200 Lothrop St, 5th Fl"
    assert "5200 CENTRE AVE" in Report.objects.get(specialist__npi=NPI).what_is_wrong


def test_a_correction_survives_a_newer_file_and_is_queued_for_moderators(
    tmp_path, rows
):
    run(tmp_path, FILE, [rows.individual(NPI, credentials="M.D.")])
    specialist = Specialist.objects.get(npi=NPI)
    owner = make_user("owner@example.com")
    specialist.owner = owner
    specialist.save()
    values = snapshot(specialist) | {"credentials": "MD, FAAOS"}
    request = submit_edit(specialist, values, user=owner, based_on=None)
    approve_change(request, moderator=make_user("mod@example.com", moderator=True))

    newer = rows.individual(
        NPI, credentials="M.D., PH.D.", phone="4125559999", updated="11/20/2026"
    )
    counts = run(tmp_path, NEWER, [newer])

    assert counts["updated"] == 1
    assert counts["conflicts"] == 1
    specialist.refresh_from_db()
    assert specialist.credentials == "MD, FAAOS"
    assert specialist.locations.get().phone == "4125559999"
    report = Report.objects.get(specialist=specialist)
    assert report.is_pending
    assert report.what_is_wrong.startswith("The registry changed this")
    assert 'credentials "M.D., PH.D."' in report.what_is_wrong


def correct_name(specialist, **names) -> None:
    """The owner proposes `names`, a moderator approves them."""
    owner = make_user("owner@example.com")
    specialist.owner = owner
    specialist.save()
    values = snapshot(specialist) | names
    request = submit_edit(specialist, values, user=owner, based_on=None)
    approve_change(request, moderator=make_user("mod@example.com", moderator=True))


def test_a_corrected_name_survives_later_nppes_and_clinicians_imports(tmp_path, rows):
    from providers.importers.clinicians.national import import_clinicians
    from providers.importers.generators.clinicians import write_file
    from providers.importers.layouts import DAC_COLUMNS
    from tests.providers.importers.clinicians.conftest import NOVEMBER, line

    run(tmp_path, FILE, [rows.individual(NPI)])
    specialist = Specialist.objects.get(npi=NPI)
    correct_name(specialist, first_name="Janet", last_name="Smith-Jones")

    counts = run(
        tmp_path,
        NEWER,
        [rows.individual(NPI, phone="4125559999", updated="11/20/2026")],
    )
    dac = write_file(tmp_path / "DAC.csv", DAC_COLUMNS, [line(NPI)])
    import_clinicians(dac, month=NOVEMBER)

    specialist.refresh_from_db()
    assert (specialist.first_name, specialist.last_name) == ("Janet", "Smith-Jones")
    assert specialist.locations.filter(phone="4125559999").exists()
    assert counts["conflicts"] == 0
    assert not Report.objects.exists()
    assert SourceRecord.objects.get().values["last_name"] == "SMITH"


def test_a_registry_change_to_a_corrected_name_goes_to_the_moderators(tmp_path, rows):
    run(tmp_path, FILE, [rows.individual(NPI)])
    specialist = Specialist.objects.get(npi=NPI)
    correct_name(specialist, last_name="Smith-Jones")

    counts = run(
        tmp_path,
        NEWER,
        [rows.individual(NPI, first_name="JANET", last_name="JONES",
                         updated="11/20/2026")],
    )  # fmt: skip

    specialist.refresh_from_db()
    assert counts["conflicts"] == 1
    assert specialist.last_name == "Smith-Jones"
    assert specialist.first_name == "Janet"  # no one corrected it: the registry's
    report = Report.objects.get(specialist=specialist)
    assert report.is_pending
    assert "a different last name" in report.what_is_wrong
    assert 'name "JANET JONES"' in report.what_is_wrong


def test_an_admin_edit_of_the_name_is_a_correction_the_registry_keeps(
    tmp_path, rows, staff_client
):
    run(tmp_path, FILE, [rows.individual(NPI)])
    specialist = Specialist.objects.get(npi=NPI)
    url = reverse("admin:providers_specialist_change", args=[specialist.pk])
    staff_client.post(url, admin_form_data(staff_client.get(url), last_name="Smyth"))

    run(
        tmp_path,
        NEWER,
        [rows.individual(NPI, phone="4125559999", updated="11/20/2026")],
    )

    assert Specialist.objects.get(npi=NPI).last_name == "Smyth"


def test_a_field_the_registry_left_alone_raises_no_conflict(tmp_path, rows):
    run(tmp_path, FILE, [rows.individual(NPI, credentials="M.D.")])
    specialist = Specialist.objects.get(npi=NPI)
    owner = make_user("owner@example.com")
    values = snapshot(specialist) | {"credentials": "MD, FAAOS"}
    request = submit_edit(specialist, values, user=owner, based_on=None)
    approve_change(request, moderator=make_user("mod@example.com", moderator=True))

    counts = run(
        tmp_path, NEWER, [rows.individual(NPI, credentials="M.D.", updated="11/20/2026",
                                          phone="4125550000")]
    )  # fmt: skip

    assert counts["conflicts"] == 0
    assert not Report.objects.exists()


def test_the_old_gender_column_name_is_read(tmp_path, rows):
    header = [
        "Provider Gender Code" if name == "Provider Sex Code" else name
        for name in NPPES_COLUMNS
    ]
    path = write_main(tmp_path / FILE, [rows.individual(NPI)], header=header)

    assert import_nppes([path]).counts["created"] == 1
    assert SourceRecord.objects.get().values["sex"] in ("M", "F")


def test_a_file_of_another_layout_is_refused_with_the_missing_columns(tmp_path):
    path = tmp_path / "npidata_pfile_bad.csv"
    path.write_text('"NPI","Entity Type Code"\n"1234567893","1"\n')

    with pytest.raises(ImportFileError, match="missing columns"):
        import_nppes([path])
    assert not Specialist.objects.exists()


def test_the_monthly_zip_is_read_with_its_secondary_locations(tmp_path, rows):
    main = write_main(tmp_path / FILE, [rows.individual(NPI)])
    secondary = write_secondary(
        tmp_path / "pl_pfile_20050523-20261109.csv",
        [
            {
                "NPI": NPI,
                "Provider Secondary Practice Location Address- Address Line 1":
                    "1400 LOCUST ST",
                "Provider Secondary Practice Location Address - City Name":
                    "PITTSBURGH",
                "Provider Secondary Practice Location Address - State Name": "PA",
                "Provider Secondary Practice Location Address - Postal Code":
                    "152191234",
                "Provider Secondary Practice Location Address - Country Code "
                "(If outside U.S.)": "US",
            }
        ],
    )  # fmt: skip
    archive = tmp_path / "NPPES_Data_Dissemination_November_2026.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(main, main.name)
        z.write(secondary, secondary.name)

    counts = import_nppes([archive]).counts

    assert counts["created"] == 1
    assert counts["secondary_created"] == 1
    lines = sorted(
        Specialist.objects.get(npi=NPI).locations.values_list(
            "address_line1", flat=True
        )
    )
    assert lines == ["1400 Locust St", "200 Lothrop St"]
    assert import_nppes([archive]).counts["secondary_created"] == 0


def test_a_secondary_location_gone_from_the_file_is_removed(tmp_path, rows):
    main = write_main(tmp_path / FILE, [rows.individual(NPI)])
    prefix = "Provider Secondary Practice Location Address"
    place = {
        "NPI": NPI,
        f"{prefix}- Address Line 1": "1400 LOCUST ST",
        f"{prefix} - City Name": "PITTSBURGH",
        f"{prefix} - State Name": "PA",
        f"{prefix} - Postal Code": "15219",
    }
    other = place | {f"{prefix}- Address Line 1": "5 BAYARD RD"}
    pl = tmp_path / "pl_pfile_20050523-20261109.csv"
    import_nppes([main, write_secondary(pl, [place, other])])

    counts = import_nppes([write_secondary(pl, [other])]).counts

    assert counts["secondary_removed"] == 1
    assert Specialist.objects.get(npi=NPI).locations.count() == 2


def test_the_command_imports_and_writes_the_summary(tmp_path, rows):
    path = write_main(
        tmp_path / FILE, [rows.individual(NPI), rows.organization(npi_for(2, seed=7))]
    )
    summary = tmp_path / "summary.json"

    call_command(
        "import_nppes", str(path), "--summary-json", str(summary),
        "--rejects", str(tmp_path / "rejects.csv"), "--no-progress", verbosity=0,
    )  # fmt: skip

    result = json.loads(summary.read_text())
    for key in (
        "read", "created", "updated", "unchanged", "suspended", "reactivated",
        "skipped", "rejected", "conflicts", "seconds",
    ):  # fmt: skip
        assert key in result
    assert (result["read"], result["created"], result["skipped"]) == (2, 1, 1)
    assert ImportRun.objects.get().summary["created"] == 1


def test_the_command_says_what_is_wrong_with_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_nppes", str(tmp_path / "nope.zip"), verbosity=0)


def test_lines_cut_between_read_chunks_are_read_whole(tmp_path, rows, monkeypatch):
    monkeypatch.setattr("providers.importers.copying.CHUNK", 97)
    others = [rows.individual(taxonomy=FAMILY_MEDICINE) for _ in range(5)]
    rejects = tmp_path / "rejects.csv"

    counts = run(
        tmp_path, FILE, [*others, rows.individual(NPI), rows.individual(last_name="")],
        rejects=rejects,
    )  # fmt: skip

    assert (counts["read"], counts["created"], counts["rejected"]) == (7, 1, 1)
    assert counts["out_of_scope"] == 5
    with open(rejects, newline="") as f:
        assert [r["line"] for r in csv.DictReader(f)] == ["8"]


def test_a_weekly_update_given_with_the_monthly_file_is_applied_after_it(
    tmp_path, rows
):
    monthly = write_main(tmp_path / FILE, [rows.individual(NPI, credentials="MD")])
    weekly = write_main(
        tmp_path / "npidata_pfile_20261110-20261116.csv",
        [rows.individual(NPI, credentials="DO", updated="11/12/2026")],
    )

    summary = import_nppes([weekly, monthly])

    assert summary.files == [FILE, weekly.name]
    assert (summary.counts["created"], summary.counts["updated"]) == (1, 1)
    assert Specialist.objects.get(npi=NPI).credentials == "DO"


def test_an_imported_listing_is_found_and_a_deactivated_one_is_gone(
    tmp_path, rows, client
):
    run(tmp_path, FILE, [rows.individual(NPI, last_name="OKAFOR")])

    page = client.get("/find/", {"location": "15213", "specialty": SPINE})
    assert "Jane Okafor" in page.content.decode()

    run(tmp_path, NEWER, [rows.deactivated(NPI)])

    page = client.get("/find/", {"location": "15213", "specialty": SPINE})
    assert "Jane Okafor" not in page.content.decode()
    assert client.get(f"/api/v1/specialists/?npi={NPI}").json()["results"] == []


def test_the_search_index_stays_in_step_through_an_import_and_a_deactivation(
    tmp_path, rows
):
    from tests.providers.search.test_index import assert_in_step, indexed_rows

    others = [npi_for(n, seed=7) for n in range(2, 6)]
    run(
        tmp_path,
        FILE,
        [rows.individual(NPI), *(rows.individual(npi) for npi in others)],
    )
    assert len(indexed_rows()) == 5
    assert_in_step()

    run(tmp_path, NEWER, [rows.deactivated(NPI)])

    assert len(indexed_rows()) == 4
    assert_in_step()


def test_an_import_into_a_directory_in_use_keeps_the_search_index_in_step(
    tmp_path, rows
):
    """Not a first load: the index is refreshed once at the end of the import
    (rebuilt when most listings changed, else listing by listing)."""
    from tests.factories import make_specialist
    from tests.providers.search.test_index import assert_in_step, indexed_rows

    make_specialist(last_name="Selfmade")
    others = [npi_for(n, seed=7) for n in range(2, 6)]
    run(tmp_path, FILE, [rows.individual(NPI), *(rows.individual(n) for n in others)])
    assert len(indexed_rows()) == 6
    assert_in_step()

    run(
        tmp_path,
        NEWER,
        [rows.individual(NPI, **{"Provider Last Name (Legal Name)": "NEWNAME"})],
    )

    assert_in_step()
    keys = SearchEntry.objects.values_list("specialist__npi", "last_name_key")
    assert (NPI, "newname") in set(keys)
    assert len(indexed_rows()) == 6


def test_malformed_lines_are_rejected_with_their_line_and_the_rest_imported(
    tmp_path, rows
):
    from providers.importers.generators.nppes import line

    good, other = npi_for(20, seed=7), npi_for(21, seed=7)
    path = tmp_path / FILE
    write_main(path, [rows.individual(good)])
    with open(path, "a", encoding="utf-8") as f:
        f.write(line(rows.individual(npi_for(22, seed=7)))[:-200] + "\n")  # cut short
        open_quote = line(rows.individual(npi_for(23, seed=7))).replace('",', ",", 1)
        f.write(open_quote)
        f.write(line(rows.individual(other)))
    rejects = tmp_path / "rejects.csv"

    counts = import_nppes([path], rejects=rejects).counts

    assert counts["rejected"] == 2
    with open(rejects, newline="") as f:
        lines = [(r["line"], r["reason"]) for r in csv.DictReader(f)]
    assert [number for number, _ in lines] == ["3", "4"]
    assert all(reason.startswith("malformed row") for _, reason in lines)
    assert set(Specialist.objects.values_list("npi", flat=True)) == {good, other}


def test_a_held_back_unchanged_row_newer_than_a_repeat_of_its_npi_wins(tmp_path, rows):
    kept = rows.individual(NPI, credentials="MD", updated="11/01/2026")
    run(tmp_path, FILE, [kept])
    repeat = rows.individual(NPI, credentials="DO", updated="11/01/2026")

    # The same Last Update Date: the later line is the newer row.
    counts = run(tmp_path, NEWER, [repeat, kept])

    assert (counts["unchanged"], counts["repeated"], counts["updated"]) == (1, 1, 0)
    assert Specialist.objects.get(npi=NPI).credentials == "MD"


def test_a_repeat_newer_than_the_held_back_unchanged_row_updates(tmp_path, rows):
    kept = rows.individual(NPI, credentials="MD", updated="11/01/2026")
    run(tmp_path, FILE, [kept])
    newer = rows.individual(NPI, credentials="DO", updated="11/20/2026")

    counts = run(tmp_path, NEWER, [kept, newer])

    assert (counts["updated"], counts["repeated"], counts["unchanged"]) == (1, 1, 0)
    assert Specialist.objects.get(npi=NPI).credentials == "DO"


def test_a_first_load_puts_back_every_index_key_and_trigger(tmp_path, rows):
    from django.db import connection

    from providers.importers.nppes.first_load import TABLES
    from tests.providers.search.test_index import assert_in_step, indexed_rows

    def schema():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE tablename = ANY(%s) "
                "UNION ALL SELECT conname::text || pg_get_constraintdef(oid) "
                "FROM pg_constraint WHERE conrelid::regclass::text = ANY(%s) "
                "UNION ALL SELECT tgname::text || tgenabled::text FROM pg_trigger "
                "WHERE NOT tgisinternal AND "
                "tgrelid::regclass::text = ANY(%s) ORDER BY 1",
                [TABLES] * 3,
            )
            return cursor.fetchall()

    before = schema()
    others = [npi_for(n, seed=7) for n in range(30, 40)]
    run(tmp_path, FILE, [rows.individual(npi) for npi in [NPI, *others]])

    assert schema() == before
    assert len(indexed_rows()) == 11
    assert_in_step()


def test_a_held_back_unchanged_row_beside_a_rejected_repeat_is_unchanged(
    tmp_path, rows
):
    kept = rows.individual(NPI, credentials="MD")
    run(tmp_path, FILE, [kept])
    broken = rows.individual(NPI, credentials="DO", updated="2023-13-45")

    counts = run(tmp_path, NEWER, [broken, kept])

    assert (counts["unchanged"], counts["rejected"], counts["repeated"]) == (1, 1, 0)


def test_a_first_load_stores_what_an_import_into_a_directory_in_use_stores(
    tmp_path, rows
):
    """A first load (indexes deferred, ids drawn with the plan, no upsert)
    and the general path store the same listings for the same file."""
    from django.db import connection

    from providers.importers import tables
    from providers.importers.generators.nppes import write_nppes
    from providers.importers.nppes.first_load import directory_is_empty
    from providers.importers.nppes.statements import LOCATION_COLUMNS

    generated = write_nppes(tmp_path / "file", rows=400, seed=3, quirks=True)
    locations = ", ".join(f"l.{c}" for c in LOCATION_COLUMNS)

    def stored():
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                SELECT s.npi, s.slug, s.first_name, s.middle_name, s.last_name,
                    s.credentials, s.status, s.accepting_new_patients,
                    s.telehealth, sr.file_name, sr.file_date, sr.last_update,
                    sr.row_hash, sr.values, sr.deactivated_on,
                    sr.deactivation_reason, sr.reactivated_on,
                    ARRAY(SELECT sp.code FROM {tables.SPECIALIST_SPECIALTIES} ss
                        JOIN {tables.SPECIALTY} sp ON sp.id = ss.specialty_id
                        WHERE ss.specialist_id = s.id ORDER BY sp.code),
                    ARRAY(SELECT concat_ws('|', {locations}, ST_AsText(l.point),
                            l.precision, sl.kind, sl.address_hash)
                        FROM {tables.PRACTICE} p
                        JOIN {tables.LOCATION} l ON l.id = p.location_id
                        LEFT JOIN {tables.SOURCE_LOCATION} sl
                            ON sl.location_id = l.id
                        WHERE p.specialist_id = s.id ORDER BY 1)
                FROM {tables.SPECIALIST} s
                LEFT JOIN {tables.SOURCE_RECORD} sr ON sr.specialist_id = s.id
                WHERE s.npi <> %s ORDER BY s.npi
                """,
                [NPI],
            )
            return cursor.fetchall()

    # In use: a listing from an earlier file, whose NPI the file lacks.
    run(tmp_path, "npidata_pfile_20050523-20261012.csv", [rows.individual(NPI)])
    assert not directory_is_empty()
    in_use = import_nppes([generated.main], everyone=True).counts
    stored_in_use = stored()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # TRUNCATE needs none pending
        cursor.execute(
            f"TRUNCATE {tables.SPECIALIST}, {tables.LOCATION}, "
            f"{ImportRun._meta.db_table} CASCADE"
        )
    assert directory_is_empty()
    first = import_nppes([generated.main], everyone=True).counts

    assert first["created"] > 300
    assert first == in_use
    assert stored() == stored_in_use


def test_the_planner_knows_each_listing_table_after_a_first_load_and_its_secondaries(
    tmp_path, rows
):
    """A first load's tables are analyzed once (restore), and again when a
    practice-location file writes to them after it."""
    from django.db import connection

    from providers.importers.nppes.first_load import TABLES

    main = write_main(tmp_path / FILE, [rows.individual(NPI)])
    prefix = "Provider Secondary Practice Location Address"
    secondary = write_secondary(
        tmp_path / "pl_pfile_20050523-20261109.csv",
        [
            {
                "NPI": NPI,
                f"{prefix}- Address Line 1": "1400 LOCUST ST",
                f"{prefix} - City Name": "PITTSBURGH",
                f"{prefix} - State Name": "PA",
                f"{prefix} - Postal Code": "152191234",
                f"{prefix} - Country Code (If outside U.S.)": "US",
            }
        ],
    )

    counts = import_nppes([main, secondary]).counts

    assert (counts["created"], counts["secondary_created"]) == (1, 1)
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(
                f"SELECT (SELECT count(*) FROM {table}), "
                "(SELECT reltuples FROM pg_class WHERE oid = %s::regclass)",
                [table],
            )
            rows_, planned = cursor.fetchone()
            assert planned == rows_, table

"""Each importer on files as CMS and NPPES really publish them: a byte-order
mark, Windows line ends, header names of other releases, a Latin-1 name, a
very long value, a repeated line, the CSV in a folder of a zip beside a
readme and a data dictionary. The listing facts come out right, the bad line
is a reject with its line and reason, and nothing raises."""

import csv
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from providers.importers.clinicians.affiliations import import_affiliations
from providers.importers.clinicians.hospitals import import_hospitals
from providers.importers.clinicians.national import import_clinicians
from providers.importers.copying import ImportFileError
from providers.importers.generators.medicare import write_medicare_rows
from providers.importers.generators.nppes import npi_for
from providers.importers.generators.quirks import Dressing, dress, zip_like_cms
from providers.importers.medicare.service import import_medicare_services
from providers.importers.nppes.service import import_nppes
from providers.models import (
    Affiliation,
    BillingCode,
    Enrollment,
    Group,
    Hospital,
    ServiceVolume,
    Specialist,
)
from tests.factories import make_procedure, make_specialist
from tests.providers.importers.clinicians.conftest import (
    NOVEMBER,
    hospital,
    line,
    nppes_listing,
    practices_of,
)
from tests.providers.importers.conftest import FILE, write_main

pytestmark = pytest.mark.django_db

# The names the Doctors and Clinicians files gave these columns before 2024.
OLD_DAC_NAMES = {
    "NPI": " npi",
    "Provider Last Name": "lst_nm",
    "Provider First Name": "frst_nm",
    "Provider Middle Name": "mid_nm",
    "Facility Name": "org_nm",
    "City/Town": "cty",
    "State": "st",
    "ZIP Code": "zip",
    "Telephone Number": "phn_numbr",
    "pri_spec": "Pri_spec",
}


def rejects_of(path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))[1:]


def test_the_national_file_as_published_gives_the_listing_and_rejects_the_bad_line(
    national, tmp_path
):
    jane = nppes_listing()
    muñoz = nppes_listing(npi=npi_for(2, seed=5), last_name="Munoz")
    path = national(
        [
            line(jane.npi, **{"Telephone Number": "(412) 647-0100"}),
            line(
                jane.npi,
                adr_ln_1="1350 LOCUST ST",
                adrs_id="PA152191234PI1350XSTEX200",
                num_org_mem="",
                **{"ZIP Code": "15219", "Facility Name": "X"},
            ),
            line(muñoz.npi, adrs_id="PA15213MU1", **{"Provider Last Name": "MUNOZ"}),
        ]
    )
    dress(
        path,
        Dressing(
            renames=OLD_DAC_NAMES,
            latin1=(4, "Provider Last Name", "MUÑOZ"),
            long_value=(3, "Facility Name", 200_000),
            repeated=2,
        ),
    )
    archive = zip_like_cms([path], tmp_path / "DAC.zip", "DAC_NationalDownloadableFile")
    rejects = tmp_path / "rejects.csv"

    summary = import_clinicians(archive, month=NOVEMBER, rejects=rejects)

    counts = summary.counts
    assert (counts["read"], counts["rejected"], counts["repeated"]) == (4, 1, 1)
    practices = practices_of(jane)
    assert {"3471 Fifth Ave", "1350 Locust St"} <= set(practices)
    assert practices["3471 Fifth Ave"].location.phone == "(412) 647-0100"
    assert practices["3471 Fifth Ave"].medicare_assignment == "Y"
    long_named = Group.objects.get(pac_id="1234567890")
    assert long_named.name.startswith("X X") and len(long_named.name) == 300
    assert long_named.members is None  # num_org_mem blank on the newest line
    assert Enrollment.objects.get(specialist=jane).education == (
        "University Of Pittsburgh School Of Medicine, 1998"
    )
    ((file, number, npi, reason),) = rejects_of(rejects)
    # Line 4 as written, line 5 in the file: line 2 is there twice.
    member = "DAC_NationalDownloadableFile/DAC_NationalDownloadableFile.csv"
    assert (file, number, npi) == (member, "5", "")
    assert "not UTF-8" in reason and "Ñ" in reason
    assert not Enrollment.objects.filter(specialist=muñoz).exists()


def test_a_blank_line_at_the_end_is_a_reject_saying_so(national, tmp_path):
    jane = nppes_listing()
    path = national([line(jane.npi)])
    dress(path, Dressing())
    with open(path, "ab") as f:
        f.write(b"\r\n")
    rejects = tmp_path / "rejects.csv"

    summary = import_clinicians(path, month=NOVEMBER, rejects=rejects)

    assert summary.counts["created"] == 1
    assert [row[1:] for row in rejects_of(rejects)] == [["3", "", "blank line"]]


def test_the_provider_data_catalog_api_exports_names_are_read(national):
    jane = nppes_listing()
    path = national([line(jane.npi)])
    api_names = {
        "Provider Last Name": "provider_last_name",
        "Provider First Name": "provider_first_name",
        "Facility Name": "facility_name",
        "City/Town": "citytown",
        "ZIP Code": "zip_code",
        "Telephone Number": "telephone_number",
        "ind_assgn": "IND_ASSGN",
    }
    dress(path, Dressing(renames=api_names, bom=False, crlf=False))

    import_clinicians(path, month=NOVEMBER)

    practice = practices_of(jane)["3471 Fifth Ave"]
    assert (practice.location.city, practice.location.zip_code) == (
        "Pittsburgh",
        "15213-2582",
    )
    assert practice.medicare_assignment == "Y"
    assert Group.objects.get().name == "THREE RIVERS SPINE ASSOCIATES"


def test_a_blank_or_odd_graduation_year_is_not_shown(national):
    jane = nppes_listing()
    import_clinicians(national([line(jane.npi, Grd_yr="N/A")]), month=NOVEMBER)

    assert Enrollment.objects.get(specialist=jane).education == (
        "University Of Pittsburgh School Of Medicine"
    )


def test_a_zip_plus_4_written_with_a_hyphen_is_kept_whole(national):
    jane = nppes_listing()

    import_clinicians(
        national([line(jane.npi, **{"ZIP Code": "15213-2582"})]), month=NOVEMBER
    )

    practice = practices_of(jane)["3471 Fifth Ave"]
    assert practice.location.zip_code == "15213-2582"


def test_hospital_general_information_as_published_gives_the_hospitals(
    hospital_file, tmp_path
):
    path = hospital_file(
        [
            hospital("390164", "UPMC PRESBYTERIAN", **{"Telephone Number": ""}),
            hospital(
                "010001",
                "SOUTHEAST HEALTH MEDICAL CENTER",
                city="DOTHAN",
                **{
                    "County/Parish": "Not Available",
                    "Telephone Number": "3347938701",
                    "ZIP Code": "36301",
                },
            ),
            hospital("01T001", "A SWING-BED UNIT", **{"Emergency Services": ""}),
        ]
    )
    dress(
        path,
        Dressing(
            renames={
                "Facility ID": "Provider ID",
                "Facility Name": "Hospital Name",
                "City/Town": "City",
                "County/Parish": "County Name",
                "Telephone Number": "Phone Number",
            },
            latin1=(4, "Address", "1 CALLE ESPAÑA"),
            repeated=3,
        ),
    )
    rejects = tmp_path / "rejects.csv"

    summary = import_hospitals(path, month=NOVEMBER, rejects=rejects)

    assert (summary.counts["created"], summary.counts["rejected"]) == (2, 1)
    dothan = Hospital.objects.get(ccn="010001")
    assert (dothan.city, dothan.zip_code, dothan.county, dothan.phone) == (
        "DOTHAN",
        "36301",
        "",
        "3347938701",
    )
    ((_, number, _, reason),) = rejects_of(rejects)
    assert number == "5" and "not UTF-8" in reason  # after the repeated line 3


def test_the_facility_affiliation_file_of_2022_is_read_by_its_old_names(
    affiliation_file, hospital_file, tmp_path
):
    jane = nppes_listing()
    import_hospitals(
        hospital_file([hospital("390164", "UPMC PRESBYTERIAN")]), month=NOVEMBER
    )
    path = affiliation_file(
        [
            {
                "NPI": jane.npi,
                "Provider Last Name": "SMITH",
                "facility_type": "Hospital",
                "Facility Affiliations Certification Number": "390164",
            },
            {
                "NPI": jane.npi,
                "Provider Last Name": "NUÑEZ",
                "facility_type": "Hospital",
                "Facility Affiliations Certification Number": "390164",
            },
        ]
    )
    dress(
        path,
        Dressing(
            renames={
                "Provider Last Name": "lst_nm",
                "Provider First Name": "frst_nm",
                "Provider Middle Name": "mid_nm",
                "Facility Affiliations Certification Number": "facility_afl_ccn",
                "Facility Type Certification Number": "parent_ccn",
            },
            latin1=(3, "Provider Last Name", "NUÑEZ"),
            repeated=2,
        ),
    )
    rejects = tmp_path / "rejects.csv"

    summary = import_affiliations(path, month=NOVEMBER, rejects=rejects)

    assert Affiliation.objects.get().hospital.ccn == "390164"
    counts = summary.counts
    assert (counts["created"], counts["repeated"], counts["rejected"]) == (1, 1, 1)
    assert [row[1] for row in rejects_of(rejects)] == ["4"]  # after line 2 twice


def test_the_medicare_file_zipped_in_a_folder_with_a_bom_and_crlf(tmp_path):
    procedure = make_procedure(name="Kyphoplasty", slug="kyphoplasty")
    BillingCode.objects.create(code="22513", procedure=procedure, label="22513")
    specialist, other = make_specialist(), make_specialist()
    path = write_medicare_rows(
        tmp_path / "MUP_PHY_R25_P05_V20_D23_Prov_Svc.csv",
        [
            {
                "Rndrng_NPI": npi,
                "Rndrng_Prvdr_Last_Org_Name": "SMITH",
                "HCPCS_Cd": "22513",
                "Place_Of_Srvc": "F",
                "Tot_Srvcs": "80",
                "Tot_Benes": "70",
            }
            for npi in (specialist.npi, other.npi)
        ],
    )
    dress(
        path,
        Dressing(
            renames={"Rndrng_NPI": "RNDRNG_NPI"},
            latin1=(3, "Rndrng_Prvdr_Last_Org_Name", "PEÑA"),
            repeated=2,
        ),
    )
    archive = zip_like_cms([path], tmp_path / "mup.zip", "2023")
    rejects = tmp_path / "rejects.csv"

    summary = import_medicare_services(archive, year=2023, rejects=rejects)

    # Line 2, given twice, is counted once.
    volume = ServiceVolume.objects.get(specialist=specialist)
    assert (volume.services, volume.beneficiaries) == (80, 70)
    assert (summary.counts["repeated"], summary.counts["rejected"]) == (1, 1)
    ((_, number, _, reason),) = rejects_of(rejects)
    assert number == "4" and "not UTF-8" in reason
    assert not ServiceVolume.objects.filter(specialist=other).exists()


def test_an_nppes_file_with_a_bom_crlf_and_a_latin1_name(
    tmp_path, rows, spine_specialties
):
    smith, garcia = npi_for(1, seed=7), npi_for(2, seed=7)
    path = write_main(
        tmp_path / FILE,
        [rows.individual(smith), rows.individual(garcia, last_name="GARCIA")],
    )
    dress(
        path,
        Dressing(
            renames={"NPI": " NPI", "Entity Type Code": "entity type code"},
            latin1=(3, "Provider Last Name (Legal Name)", "GARCÍA"),
        ),
    )
    rejects = tmp_path / "rejects.csv"

    summary = import_nppes([path], rejects=rejects)

    assert Specialist.objects.get(npi=smith).last_name.upper() == "SMITH"
    assert not Specialist.objects.filter(npi=garcia).exists()
    assert summary.counts["rejected"] == 1
    assert [row[1] for row in rejects_of(rejects)] == ["3"]


def test_a_missing_column_is_named_in_one_line(national):
    path = national([line("1234567893")])
    dress(path, Dressing(renames={"adrs_id": "address id 2"}))

    with pytest.raises(ImportFileError, match='missing columns: "adrs_id"'):
        import_clinicians(path, month=NOVEMBER)


def test_a_zip_without_the_file_says_so_in_one_line(tmp_path):
    archive = tmp_path / "empty.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("readme.txt", "nothing here")

    with pytest.raises(CommandError, match="the zip holds no CSV file"):
        call_command("import_hospitals", str(archive), "--month", "2026-11")


def test_a_zip_made_on_a_mac_is_read_past_its_resource_forks(national, tmp_path):
    jane = nppes_listing()
    path = national([line(jane.npi)])
    archive = zip_like_cms([path], tmp_path / "DAC.zip", "DAC")
    with zipfile.ZipFile(archive, "a") as z:
        z.writestr(
            "__MACOSX/DAC/._DAC_NationalDownloadableFile.csv", b"\x00\x05\x16\x07\xff"
        )

    summary = import_clinicians(archive, month=NOVEMBER)

    assert summary.counts["created"] == 1


def test_a_zip_of_two_national_files_asks_which(national, tmp_path):
    first = national([line("1234567893")])
    second = national([line("1234567893")], name="copy.csv")
    archive = zip_like_cms([first, second], tmp_path / "two.zip", "DAC")

    with pytest.raises(ImportFileError, match="more than one file in it"):
        import_clinicians(archive, month=NOVEMBER)


def test_the_four_monthly_files_generated_with_quirks_import_end_to_end(
    tmp_path, spine_specialties
):
    from providers.importers.generators.clinicians import write_clinicians
    from providers.importers.generators.nppes import write_nppes
    from providers.models import Practice

    nppes = write_nppes(
        tmp_path / "nppes", rows=200, seed=3, quirks=True, dressed=True, zipped=True
    )
    files = write_clinicians(
        tmp_path / "dac", clinicians=150, seed=3, npi_seed=3, quirks=True
    )
    rejects = tmp_path / "rejects.csv"

    registry = import_nppes([nppes.main], everyone=True)
    import_hospitals(files.hospitals, month=NOVEMBER)
    national = import_clinicians(files.national, month=NOVEMBER, rejects=rejects)
    refused = tmp_path / "affiliation-rejects.csv"
    affiliations = import_affiliations(
        files.affiliations, month=NOVEMBER, rejects=refused
    )

    reasons = {int(row[1]): row[3] for row in rejects_of(rejects)}
    assert "not UTF-8" in reasons[files.quirks["latin1_line"]]
    assert national.counts["repeated"] >= 1
    assert national.counts["unknown"] >= 1  # NPIs NPPES does not know
    assert Practice.objects.filter(medicare_assignment="Y").exists()
    assert affiliations.counts["created"] > 0
    assert [why for *_, why in rejects_of(refused) if "not UTF-8" in why]
    assert affiliations.counts["rejected"] == len(rejects_of(refused))
    assert registry.counts["created"] > 100


def test_a_medicare_file_generated_with_quirks_counts_its_repeat_once(tmp_path):
    from providers.importers.generators.codes import HCPCS
    from providers.importers.generators.medicare import write_medicare

    procedure = make_procedure(name="Kyphoplasty", slug="kyphoplasty")
    for code, label, _ in HCPCS:
        BillingCode.objects.create(code=code, procedure=procedure, label=label)
    for n in range(40):
        make_specialist(npi=npi_for(n, seed=4))
    path = tmp_path / "MUP_PHY_R25_P05_V20_D23_Prov_Svc.csv"
    write_medicare(path, rows=300, npis=40, seed=4, npi_seed=4, quirks=True)
    rejects = tmp_path / "rejects.csv"

    summary = import_medicare_services(path, year=2023, rejects=rejects)

    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert summary.counts["repeated"] >= 1
    assert [why for *_, why in rejects_of(rejects) if "not UTF-8" in why]
    assert summary.counts["created"] > 0

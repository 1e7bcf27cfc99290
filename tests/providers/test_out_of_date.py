"""The moderators' "possibly out of date" queue: each reason a listing is on it."""

from datetime import date

import pytest

from providers.models import (
    Enrollment,
    Practice,
    ServiceVolume,
    Source,
    SourceRecord,
    Specialist,
)
from providers.out_of_date import out_of_date_reasons
from providers.querysets import months_before
from tests.factories import make_procedure, make_specialist

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 7)
OLD = date(2024, 11, 30)  # more than 24 months before TODAY
RECENT = date(2025, 1, 15)  # less


def nppes(specialist, *, updated=OLD, deactivated_on=None):
    return SourceRecord.objects.create(
        specialist=specialist,
        source=Source.NPPES,
        file_name="npidata_pfile_20050523-20261109.csv",
        last_update=updated,
        deactivated_on=deactivated_on,
        row_hash="x",
        values={},
        imported_at="2026-11-10T00:00Z",
    )


def enrollment(specialist, month):
    return Enrollment.objects.create(
        specialist=specialist,
        values={},
        row_hash="x",
        file_name="DAC_NationalDownloadableFile.csv",
        file_date=month,
        imported_at="2026-11-10T00:00Z",
    )


def claims(specialist, year):
    return ServiceVolume.objects.create(
        specialist=specialist,
        procedure=make_procedure(),
        year=year,
        services=20,
        beneficiaries=15,
    )


def queue() -> dict[str, list[str]]:
    return {
        s.last_name: out_of_date_reasons(s)
        for s in Specialist.objects.possibly_out_of_date(today=TODAY)
    }


def test_24_months_before_keeps_the_day_or_takes_the_months_last():
    assert months_before(TODAY, 24) == date(2024, 12, 7)
    assert months_before(date(2026, 2, 28), 24) == date(2024, 2, 28)
    assert months_before(date(2028, 2, 29), 12) == date(2027, 2, 28)


def test_an_nppes_update_older_than_24_months_is_the_reason_and_a_newer_one_clears_it():
    nppes(make_specialist(last_name="Oldupdate"), updated=OLD)
    nppes(make_specialist(last_name="Newupdate"), updated=RECENT)

    assert queue() == {
        "Oldupdate": [
            "No source has confirmed it for 24 months "
            "(last: NPPES last updated November 2024)."
        ]
    }


def test_a_recent_medicare_enrollment_month_confirms_the_listing():
    old = make_specialist(last_name="Oldmedicare")
    new = make_specialist(last_name="Newmedicare")
    for specialist, month in ((old, date(2024, 11, 1)), (new, date(2026, 11, 1))):
        nppes(specialist, updated=OLD)
        Practice.objects.filter(specialist=specialist).update(medicare_confirmed=month)
        enrollment(specialist, date(2026, 11, 1))

    assert queue()["Oldmedicare"] == [
        "No source has confirmed it for 24 months (last: NPPES last updated "
        "November 2024, Medicare enrollment last November 2024)."
    ]
    assert "Newmedicare" not in queue()


def test_a_medicare_claims_year_confirms_the_listing_to_its_last_day():
    nppes(billed_2024 := make_specialist(last_name="Billed"), updated=OLD)
    claims(billed_2024, 2024)
    nppes(billed_2023 := make_specialist(last_name="Longago"), updated=OLD)
    claims(billed_2023, 2023)

    reasons = queue()
    assert "Billed" not in reasons
    assert reasons["Longago"] == [
        "No source has confirmed it for 24 months (last: NPPES last updated "
        "November 2024, Medicare claims last 2023)."
    ]


def test_the_providers_verification_confirms_the_listing():
    make_specialist(last_name="Verified", last_verified=RECENT)
    make_specialist(last_name="Unverified", last_verified=OLD)

    assert queue() == {
        "Unverified": [
            "No source has confirmed it for 24 months "
            "(last: provider last verified November 2024)."
        ]
    }


def test_a_listing_no_source_ever_confirmed_is_listed_so():
    make_specialist(last_name="Nobody", last_verified=None)

    assert queue() == {"Nobody": ["No source has ever confirmed it."]}


def test_a_listing_gone_from_every_public_file_is_listed_though_recently_confirmed():
    gone = make_specialist(last_name="Gone", last_verified=RECENT)
    nppes(gone, updated=RECENT, deactivated_on=date(2026, 10, 1))
    enrollment(gone, date(2026, 9, 1))
    # Someone else keeps the November file the newest imported.
    enrollment(make_specialist(last_name="Kept", last_verified=RECENT), TODAY)
    # Out of the national file but still in NPPES: not gone.
    nppes(in_nppes := make_specialist(last_name="Innppes"), updated=RECENT)
    enrollment(in_nppes, date(2026, 9, 1))

    assert queue() == {
        "Gone": [
            "Gone from every public file that listed it (NPPES deactivated the "
            "NPI on October 1, 2026; last in Medicare's Doctors and Clinicians "
            "file in September 2026)."
        ]
    }


def test_only_published_listings_are_on_the_queue():
    make_specialist(last_name="Suspended", status=Specialist.Status.SUSPENDED)
    make_specialist(last_name="Draft", status=Specialist.Status.DRAFT)

    assert queue() == {}

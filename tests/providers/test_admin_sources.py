"""Moderators see what the registry said beside a listing; the admin finds NPIs."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from providers.models import ImportRun, SourceRecord
from tests.factories import make_specialist

pytestmark = pytest.mark.django_db


def test_a_deactivated_npi_shows_its_reason_and_date_on_the_listing(staff_client):
    specialist = make_specialist(status="suspended")
    SourceRecord.objects.create(
        specialist=specialist, source="nppes", file_name="npidata_pfile_x.csv",
        row_hash="0" * 32, values={}, deactivated_on=date(2026, 11, 15),
        deactivation_reason="DT", imported_at=timezone.now(),
    )  # fmt: skip

    page = staff_client.get(
        reverse("admin:providers_specialist_change", args=[specialist.pk])
    ).content.decode()

    assert "Death" in page
    assert "Nov. 15, 2026" in page
    assert "npidata_pfile_x.csv" in page


def test_the_admin_list_filters_by_npi(staff_client):
    wanted = make_specialist(last_name="Wanted")
    make_specialist(last_name="Other")

    page = staff_client.get(
        reverse("admin:providers_specialist_changelist"), {"npi": wanted.npi}
    ).content.decode()

    assert "Wanted" in page
    assert "Other" not in page


def test_import_runs_are_listed(staff_client):
    ImportRun.objects.create(source="nppes", file_name="npidata_pfile_y.csv")

    page = staff_client.get(reverse("admin:providers_importrun_changelist"))

    assert "npidata_pfile_y.csv" in page.content.decode()

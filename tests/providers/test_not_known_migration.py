"""Migration 0014: imported defaults become "not known"; people's values stay."""

import importlib

import pytest
from django.db import connection
from django.utils import timezone

from providers.models import ChangeRequest, SourceRecord, Specialist
from tests.factories import make_specialist

pytestmark = pytest.mark.django_db

FORGET = importlib.import_module("providers.migrations.0014_not_known").FORGET


def imported(**values):
    specialist = make_specialist(**values)
    SourceRecord.objects.create(
        specialist=specialist,
        source="nppes",
        file_name="npidata.csv",
        row_hash="x",
        values={},
        imported_at=timezone.now(),
    )
    return specialist


def test_imported_defaults_become_not_known_and_providers_values_stay():
    default = imported(accepting_new_patients=True, telehealth=False)
    told = imported(accepting_new_patients=False, telehealth=True)
    ChangeRequest.objects.create(
        kind="edit",
        specialist=told,
        status="approved",
        proposed={"accepting_new_patients": False},
        base={"accepting_new_patients": True},
    )
    written = make_specialist(accepting_new_patients=True, telehealth=False)

    with connection.cursor() as cursor:
        for field in ("accepting_new_patients", "telehealth"):
            cursor.execute(FORGET.format(field=field))

    values = dict(
        Specialist.objects.values_list("pk", "accepting_new_patients").filter(
            pk__in=[default.pk, told.pk, written.pk]
        )
    )
    assert values == {default.pk: None, told.pk: False, written.pk: True}
    told.refresh_from_db()
    assert told.telehealth is None  # the provider never said

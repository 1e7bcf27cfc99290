"""The bulk export: one NDJSON file per resource type, every line valid."""

import json
from datetime import UTC, datetime

import pytest
from django.core.management import call_command

from directory.fhir.export import export_directory
from providers.models import Specialist
from tests.directory.fhir.conftest import validate
from tests.factories import make_location, make_procedure, make_specialist

pytestmark = pytest.mark.django_db


def _read(path):
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_export_writes_every_public_resource_once_and_valid(tmp_path):
    kypho = make_procedure(slug="kyphoplasty")
    shared = make_location()
    a = make_specialist(locations=[shared, make_location()], procedures=[kypho])
    b = make_specialist(locations=[shared])
    make_specialist(status=Specialist.Status.SUSPENDED)  # and its location: hidden

    counts = export_directory(tmp_path, chunk_size=2)

    assert counts == {
        "Practitioner": 2,
        "PractitionerRole": 3,
        "Location": 2,
        "HealthcareService": 1,
    }
    practitioners = _read(tmp_path / "Practitioner.ndjson")
    assert {p["id"] for p in practitioners} == {str(a.pk), str(b.pk)}
    for resource_type, count in counts.items():
        resources = _read(tmp_path / f"{resource_type}.ndjson")
        assert len(resources) == count
        assert len({r["id"] for r in resources}) == count
        for resource in resources:
            assert resource["resourceType"] == resource_type
            validate(resource)


def test_export_command_reports_counts(tmp_path, capsys):
    make_specialist()
    call_command("export_fhir", str(tmp_path / "out"), "--validate", "--no-progress")
    out = capsys.readouterr().out
    assert "Practitioner: 1 resources" in out
    assert (tmp_path / "out" / "Location.ndjson").read_text().count("\n") == 1


def test_export_gives_the_same_last_updated_instant_as_the_api(tmp_path, client):
    specialist = make_specialist(locations=[make_location()])
    Specialist.objects.filter(pk=specialist.pk).update(
        updated=datetime(2026, 3, 4, 5, 6, 7, 891_999, tzinfo=UTC)
    )

    export_directory(tmp_path)

    (exported,) = _read(tmp_path / "Practitioner.ndjson")
    served = client.get(f"/fhir/Practitioner/{specialist.pk}").json()
    assert exported["meta"]["lastUpdated"] == "2026-03-04T05:06:07.891Z"
    assert exported == served

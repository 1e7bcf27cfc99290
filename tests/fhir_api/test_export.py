"""The bulk export: one NDJSON file per resource type, every line valid; in
worker processes, the same files from one consistent snapshot."""

import json
import threading
from datetime import UTC, date, datetime

import orjson
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from fhir_api import resources, rows
from fhir_api.export import EXPORTS, export_directory
from providers.models import (
    Affiliation,
    EnrollmentLine,
    Group,
    Hospital,
    Language,
    Source,
    SourceRecord,
    Specialist,
)
from tests.factories import (
    make_location,
    make_procedure,
    make_specialist,
    make_specialty,
)
from tests.fhir_api.conftest import validate

pytestmark = pytest.mark.django_db


def _read(path):
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_export_writes_every_public_resource_once_and_valid(tmp_path):
    kypho = make_procedure(slug="kyphoplasty")
    shared = make_location()
    a = make_specialist(locations=[shared, make_location()], procedures=[kypho])
    b = make_specialist(locations=[shared])
    hidden = make_specialist(status=Specialist.Status.SUSPENDED)  # and its location
    group = Group.objects.create(pac_id="0042123456", name="STEEL CITY SPINE")
    EnrollmentLine.objects.create(
        specialist=a, location=shared, address_id="PA-1", group=group
    )
    upmc = Hospital.objects.create(ccn="390164", name="UPMC PRESBYTERIAN")
    for specialist in (b, hidden):
        Affiliation.objects.create(specialist=specialist, hospital=upmc)

    counts = export_directory(tmp_path, chunk_size=2)

    assert counts == {
        "Practitioner": 2,
        "PractitionerRole": 4,
        "Location": 2,
        "HealthcareService": 1,
        "Organization": 2,
    }
    roles = _read(tmp_path / "PractitionerRole.ndjson")
    assert roles[-1]["id"] == f"aff-{b.pk}-390164"  # practices, then affiliations
    assert roles[-1]["organization"]["reference"] == "Organization/ccn-390164"
    organizations = _read(tmp_path / "Organization.ndjson")
    assert [o["id"] for o in organizations] == ["pac-0042123456", "ccn-390164"]
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
    call_command(
        "export_fhir", str(tmp_path / "out"), "--validate", "--no-progress", "--jobs=1"
    )
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


def test_an_exported_affiliation_is_the_one_the_api_serves(tmp_path, client):
    specialist = make_specialist()
    hospital = Hospital.objects.create(ccn="39T001", name="UPMC", city="PITTSBURGH")
    Affiliation.objects.create(
        specialist=specialist, hospital=hospital, file_date=date(2026, 11, 1)
    )

    export_directory(tmp_path)

    exported = _read(tmp_path / "PractitionerRole.ndjson")[-1]
    served = client.get(f"/fhir/PractitionerRole/aff-{specialist.pk}-39T001").json()
    assert exported == served
    validate(exported)


def test_the_export_writes_what_the_api_builds_from_the_same_rows(tmp_path):
    """The export reads rows its own way (binary cursor, no timestamps, JSON
    as text); its files are the API's builders on the API's `values()` rows,
    byte for byte, chunk boundaries included."""
    first, second, third = _directory()
    group = Group.objects.create(pac_id="0042123456", name="STEEL CITY SPINE")
    EnrollmentLine.objects.create(
        specialist=second,
        location=second.locations.get(),
        address_id="PA-1",
        group=group,
    )
    licenses = [
        {
            "taxonomy": "207XS0117X",
            "number": "MD123456",
            "state": "PA",
            "primary": True,
        },
        {"taxonomy": "", "number": "0101245", "state": "OH", "primary": False},
        {"taxonomy": "207X00000X", "number": "MD77", "state": "", "primary": False},
    ]
    for specialist, values in [
        (first, {"licenses": licenses}),
        (second, {"licenses": licenses[:1] + [dict(licenses[0], number="MD9")]}),
        (third, {}),  # a record without licenses
    ]:
        SourceRecord.objects.create(
            specialist=specialist,
            source=Source.NPPES,
            file_name="npidata_pfile_20050523-20261109.csv",
            row_hash=f"{specialist.pk:032d}",
            imported_at=timezone.now(),
            values=values,
        )
    make_specialist(credentials="M.D.; PhD,", languages=[Language.SPANISH, "en"])

    export_directory(tmp_path, chunk_size=2)

    catalog, today = rows.catalog(), timezone.localdate()
    for resource_type, parts in EXPORTS.items():
        served = b"".join(
            orjson.dumps(
                resources.build(resource_type, row, catalog, today),
                option=orjson.OPT_APPEND_NEWLINE,
            )
            for make, fields in parts
            for row in make().order_by("pk").values(*fields, "last_updated")
        )
        assert (tmp_path / f"{resource_type}.ndjson").read_bytes() == served
    practitioners = _read(tmp_path / "Practitioner.ndjson")
    numbers = [
        [
            q["identifier"][0]["value"]
            for q in p.get("qualification", [])
            if "identifier" in q
        ]
        for p in practitioners
    ]
    assert numbers == [["MD123456", "0101245", "MD77"], ["MD123456", "MD9"], [], []]


def test_export_into_a_file_instead_of_a_directory_is_a_clear_error(tmp_path):
    target = tmp_path / "export"
    target.write_text("not a directory")
    with pytest.raises(CommandError, match="export is a file, not a directory"):
        call_command("export_fhir", str(target), "--no-progress")
    assert target.read_text() == "not a directory"


def test_a_file_that_cannot_be_written_is_a_clear_error(tmp_path):
    (tmp_path / "Location.ndjson.part").mkdir()  # where the file would go
    make_specialist()
    with pytest.raises(CommandError, match="Is a directory"):
        call_command("export_fhir", str(tmp_path), "--no-progress", "--jobs=1")


def test_a_parallel_export_refuses_a_transaction_its_workers_cannot_see(tmp_path):
    with pytest.raises(RuntimeError, match="jobs=1"):
        export_directory(tmp_path, jobs=2)


# In worker processes: they have their own connections, which cannot see a
# test's transaction, so these tests commit (and Django empties the tables
# afterwards: they make every row they use, and nothing else depends on them).


def _directory():
    """A small directory with every kind of field filled somewhere."""
    kypho = make_procedure(slug="kyphoplasty")
    spine = make_specialty(code="207XS0117X")
    shared = make_location(hours="Mon-Fri 8:00-17:00", phone="412-555-0100")
    listings = [
        make_specialist(
            locations=[shared, make_location(latitude=40.0, longitude=-75.1)],
            procedures=[kypho],
            specialties=[spine],
            languages=[Language.SPANISH],
            middle_name="Q",
            last_verified=date(2026, 6, 1),
        ),
        make_specialist(locations=[shared], credentials="DO, PhD"),
        make_specialist(accepting_new_patients=False),
    ]
    make_specialist(status=Specialist.Status.SUSPENDED)
    hospital = Hospital.objects.create(ccn="390164", name="UPMC PRESBYTERIAN")
    Affiliation.objects.create(specialist=listings[1], hospital=hospital)
    return listings


def _files(directory):
    return {path.name: path.read_bytes() for path in directory.iterdir()}


@pytest.mark.system
@pytest.mark.django_db(transaction=True)
def test_worker_processes_write_the_same_files_as_one_process(tmp_path):
    _directory()
    started, written = {}, {}

    def progress(resource_type, total):
        started[resource_type] = total
        written[resource_type] = 0

        def advance(n):
            written[resource_type] += n

        return advance

    alone = export_directory(tmp_path / "alone", chunk_size=2)
    parallel = export_directory(
        tmp_path / "parallel", chunk_size=2, jobs=3, progress=progress
    )

    assert (
        parallel
        == alone
        == {
            "Practitioner": 3,
            "PractitionerRole": 5,
            "Location": 3,
            "HealthcareService": 1,
            "Organization": 1,
        }
    )
    assert _files(tmp_path / "parallel") == _files(tmp_path / "alone")
    assert set(_files(tmp_path / "parallel")) == {
        f"{t}.ndjson" for t in alone
    }  # and no partial file left
    assert started == written == alone  # every file's bar reached its total


@pytest.mark.system
@pytest.mark.django_db(transaction=True)
def test_every_worker_reads_the_snapshot_taken_before_it_started(tmp_path):
    """Writes committed by another connection once the snapshot is taken (and
    before any worker reads) show in no file; the next export has them."""
    kept, suspended, renamed = _directory()

    def meanwhile(snapshot_id):
        assert snapshot_id  # pg_export_snapshot()'s identifier

        def write():
            make_specialist(last_name="Newcomer", locations=[make_location()])
            Specialist.objects.filter(pk=suspended.pk).update(
                status=Specialist.Status.SUSPENDED
            )
            Specialist.objects.filter(pk=renamed.pk).update(last_name="Renamed")
            connection.close()

        writer = threading.Thread(target=write)  # its own connection: commits
        writer.start()
        writer.join()

    counts = export_directory(tmp_path / "then", jobs=2, on_snapshot=meanwhile)
    after = export_directory(tmp_path / "now", jobs=2)

    assert counts == {
        "Practitioner": 3,
        "PractitionerRole": 5,
        "Location": 3,
        "HealthcareService": 1,
        "Organization": 1,
    }
    then = _read(tmp_path / "then" / "Practitioner.ndjson")
    assert {p["id"] for p in then} == {str(kept.pk), str(suspended.pk), str(renamed.pk)}
    assert "Renamed" not in (tmp_path / "then" / "PractitionerRole.ndjson").read_text()
    assert "Newcomer" not in (tmp_path / "then" / "PractitionerRole.ndjson").read_text()
    # The writes did commit: the next export has them.
    assert after["Practitioner"] == 3 and after["Location"] == 4
    now = _read(tmp_path / "now" / "Practitioner.ndjson")
    assert str(suspended.pk) not in {p["id"] for p in now}
    assert {"Newcomer", "Renamed"} <= {p["name"][0]["family"] for p in now}


@pytest.mark.system
@pytest.mark.django_db(transaction=True)
def test_the_command_in_workers_reports_counts_and_a_worker_error_clearly(
    tmp_path, capsys
):
    _directory()
    call_command("export_fhir", str(tmp_path / "out"), "--jobs=2")
    out = capsys.readouterr().out
    assert "Practitioner: 3 resources" in out
    assert "PractitionerRole: 5 resources" in out
    assert (tmp_path / "out" / "Location.ndjson").read_text().count("\n") == 3

    (tmp_path / "bad" / "Location.ndjson.part").mkdir(parents=True)
    with pytest.raises(CommandError, match="Is a directory.*Location.ndjson"):
        call_command("export_fhir", str(tmp_path / "bad"), "--jobs=2")

"""`make backup` / `make restore`: a copy taken with pg_dump comes back whole."""

import stat
import subprocess
import uuid

import psycopg
import pytest
from django.db import connection

from articles.models import Article
from providers.models import ChangeRequest, Report
from tests.conftest import REPO
from tests.factories import make_location, make_procedure, make_specialist
from tests.providers.conftest import make_user

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]


def table_digests(dsn: str) -> dict[str, tuple[int, str]]:
    """Every table's row count and a digest of all its rows."""
    with psycopg.connect(dsn) as db:
        tables = [
            row[0]
            for row in db.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                "ORDER BY tablename"
            )
        ]
        return {
            table: db.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' "
                f"ORDER BY t::text), '')) FROM \"{table}\" t"
            ).fetchone()
            for table in tables
        }


def backup_script(action, file, database_url):
    return subprocess.run(
        ["bash", str(REPO / "scripts" / "backup.sh"), action, str(file)],
        env={"DATABASE_URL": database_url, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )


def test_a_backup_restores_listings_history_requests_reports_and_accounts(tmp_path):
    provider = make_user("owner@example.com")
    kypho = make_procedure(name="Kyphoplasty", slug="kyphoplasty")
    listing = make_specialist(
        locations=[make_location()], procedures=[kypho], owner=provider
    )
    listing.bio = "Edited after creation, so the history has two versions."
    listing.save()
    ChangeRequest.objects.create(
        kind=ChangeRequest.Kind.EDIT,
        specialist=listing,
        submitted_by=provider,
        proposed={"bio": "A pending change."},
        base={"bio": listing.bio},
    )
    Report.objects.create(specialist=listing, what_is_wrong="The phone is wrong.")
    Article.objects.create(title="Cement", slug="cement", body="Text.")

    params = connection.get_connection_params()
    source = f"postgis://{params['user']}@/{params['dbname']}?host={params['host']}"
    copy_name = f"sf_restore_{uuid.uuid4().hex[:8]}"
    admin_dsn = f"dbname=postgres user={params['user']} host={params['host']}"
    with psycopg.connect(admin_dsn, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{copy_name}"')
    try:
        dump = tmp_path / "copy.dump"
        dump.write_bytes(b"")
        dump.chmod(0o644)  # an older copy, world-readable: the backup narrows it
        backup_script("backup", dump, source)
        assert stat.S_IMODE(dump.stat().st_mode) == 0o600
        fresh = tmp_path / "new-folder" / "copy.dump"
        backup_script("backup", fresh, source)
        assert stat.S_IMODE(fresh.stat().st_mode) == 0o600
        assert stat.S_IMODE(fresh.parent.stat().st_mode) == 0o700
        target = source.replace(f"/{params['dbname']}?", f"/{copy_name}?")
        restored = backup_script("restore", dump, target)
        assert "restored" in restored.stdout

        def dsn(name):
            return f"dbname={name} user={params['user']} host={params['host']}"

        original = table_digests(dsn(params["dbname"]))
        copy = table_digests(dsn(copy_name))
        assert copy == original
        for table in (
            "providers_specialist",
            "providers_location",
            "providers_historicalspecialist",
            "providers_changerequest",
            "providers_report",
            "auth_user",
            "account_emailaddress",
        ):
            assert original[table][0] >= 1, table
    finally:
        with psycopg.connect(admin_dsn, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{copy_name}"')

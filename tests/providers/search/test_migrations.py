"""The search index's SQL is frozen in migrations: a database migrated before a
change of the SQL ends, once migrated forward, with today's view, functions and
triggers, and the migrations read no SQL from live code."""

import importlib
import os
import re
import subprocess
import sys
import uuid

import psycopg
import pytest
from django.db import connection

from tests.conftest import REPO, database_url

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.system]

MIGRATIONS = REPO / "providers" / "migrations"

# The migration before each change of the search index's SQL.
BEFORE_EACH_SQL_CHANGE = [
    "0011_search_index",  # then v2
    "0014_not_known",  # then v3
    "0017_clinician_updated",  # then v4
    "0019_search_walk_point",  # then v5
]
V1_SHA256 = "4b25fde4caafebb848db2c4aa91dc3b152a89fbc60d0b62cd0f7e5da3064f135"

# What the index's SQL defines, read from the catalog: enough to tell versions apart.
DEFINITIONS = """
SELECT 'view', pg_get_viewdef('providers_searchsource'::regclass)
UNION ALL
SELECT 'function ' || p.proname, pg_get_functiondef(p.oid)
FROM pg_proc p WHERE p.proname LIKE 'providers_search%'
UNION ALL
SELECT 'trigger ' || t.tgname, pg_get_triggerdef(t.oid)
FROM pg_trigger t WHERE t.tgname LIKE 'search%' AND NOT t.tgisinternal
ORDER BY 1
"""


def definitions(cursor) -> dict[str, str]:
    cursor.execute(DEFINITIONS)
    return dict(cursor.fetchall())


def migrate(url: str, *target: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", *target],
        cwd=REPO,
        env={**os.environ, "DATABASE_URL": url, "DATABASE_REPLICA_URLS": ""},
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def empty_database():
    """A new, empty database on the test database's server, dropped afterwards."""
    name = f"sf_migrations_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE DATABASE {name}")
    url = re.sub(r"/[^/?]+\?", f"/{name}?", database_url(), count=1)
    try:
        yield url, name
    finally:
        connection.close()
        with connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.mark.parametrize("before", BEFORE_EACH_SQL_CHANGE)
def test_a_database_migrated_before_a_sql_change_ends_with_todays_triggers(
    empty_database, before
):
    url, name = empty_database
    migrate(url, "providers", before)
    migrate(url)

    params = connection.get_connection_params()
    with (
        psycopg.connect(dbname=name, host=params["host"], user=params["user"]) as other,
        other.cursor() as cursor,
    ):
        migrated = definitions(cursor)
    with connection.cursor() as cursor:
        today = definitions(cursor)
    assert migrated == today
    # Exactly the triggers and functions of the newest frozen version.
    assert set(migrated) == newest_sql_names()
    assert "trigger search_servicevolume_inserted" in migrated


def newest_sql_names() -> set[str]:
    sql_dir = MIGRATIONS / "sql"
    newest = max(
        (p for p in sql_dir.glob("v*.sql") if not p.stem.endswith("_down")),
        key=lambda p: int(p.stem[1:]),
    )
    text = newest.read_text()
    return (
        {"view"}
        | {
            f"function {n}"
            for n in re.findall(r"CREATE OR REPLACE FUNCTION (\w+)", text)
        }
        | {f"trigger {n}" for n in re.findall(r"CREATE TRIGGER (\w+)", text)}
    )


def test_no_migration_reads_sql_from_live_code():
    for migration in sorted(MIGRATIONS.glob("0*.py")):
        text = migration.read_text()
        imports = re.findall(r"^\s*(?:from|import) (providers\S*)", text, re.M)
        # Field validators are code a migration may name; SQL is not.
        allowed = {"providers.validators"}
        assert set(imports) <= allowed, (migration.name, imports)


def test_every_frozen_sql_file_is_read_by_a_migration():
    sql_files = {p.name for p in (MIGRATIONS / "sql").glob("*.sql")}
    read = set()
    for migration in MIGRATIONS.glob("0*.py"):
        read |= set(re.findall(r'frozen_sql\(\s*"([^"]+)"', migration.read_text()))
    assert sql_files == read


def test_an_edited_frozen_file_stops_the_migration(tmp_path, monkeypatch):
    migration = importlib.import_module("providers.migrations.0012_search_index_v2")
    text = (migration.SQL_DIR / "v1.sql").read_text()
    (tmp_path / "v1.sql").write_text(text.replace("DELETE FROM", "DELETE  FROM", 1))
    monkeypatch.setattr(migration, "SQL_DIR", tmp_path)
    with pytest.raises(RuntimeError, match="edited after a migration froze it"):
        migration.frozen_sql("v1.sql", V1_SHA256)

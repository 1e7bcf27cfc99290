"""Bulk work is not cut short by the statement timeout meant for web requests."""

import pytest
from django.db import connection

from providers.bulk import without_statement_timeout


def statement_timeout() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_the_timeout_is_lifted_inside_and_put_back_after():
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = '3s'")
    with without_statement_timeout():
        assert statement_timeout() == "0"
    assert statement_timeout() == "3s"


@pytest.mark.django_db
def test_migrate_runs_its_statements_without_the_timeout(monkeypatch):
    from django.core.management import call_command
    from django.core.management.commands.migrate import Command as DjangoMigrate

    seen = []

    def slow_migration(self, *args, **options):  # a statement of 50 ms
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(0.05)")
        seen.append(statement_timeout())

    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = '10ms'")
    monkeypatch.setattr(DjangoMigrate, "handle", slow_migration)
    call_command("migrate", verbosity=0)
    assert seen == ["0"]
    assert statement_timeout() == "10ms"

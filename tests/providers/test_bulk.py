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

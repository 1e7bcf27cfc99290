"""Database session settings for bulk work: imports and index rebuilds."""

from contextlib import contextmanager

from django.db import connection


@contextmanager
def without_statement_timeout():
    """Lift the site's statement timeout (DATABASE_STATEMENT_TIMEOUT, meant for
    web requests) on this connection while bulk work runs: a national import or
    an index rebuild runs statements of minutes. The timeout the connection had
    is put back afterwards. Usable as a decorator."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        (previous,) = cursor.fetchone()
        cursor.execute("SET statement_timeout = 0")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('statement_timeout', %s, false)", [previous]
            )

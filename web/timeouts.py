"""The statement timeout, on the connections of web requests only.

A request never waits on the database longer than DATABASE_STATEMENT_TIMEOUT
seconds (a held lock, a runaway query): it fails, and the page says so. Bulk
work (imports, index rebuilds, migrations, the FHIR export) runs statements of
minutes and must not carry it, so the timeout is not in the database settings:
the WSGI and ASGI entry points, which only servers load, call
`limit_web_requests()`, and every connection that process opens afterwards
gets the timeout once, when it is opened.
"""

from django.conf import settings
from django.db.backends.signals import connection_created


def _set_statement_timeout(sender, connection, **kwargs) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('statement_timeout', %s, false)",
            [f"{settings.DATABASE_STATEMENT_TIMEOUT}s"],
        )


def limit_web_requests() -> None:
    """Give every database connection this process opens from now on the web
    requests' statement timeout. For the entry points of servers only."""
    connection_created.connect(
        _set_statement_timeout, dispatch_uid="web-statement-timeout"
    )


def stop_limiting() -> None:
    """Undo `limit_web_requests()` (for tests)."""
    connection_created.disconnect(dispatch_uid="web-statement-timeout")

"""The statement timeout holds web requests only: a request gives up on a
stuck statement, a command (an import, a rebuild, a migration) never does."""

import subprocess
import sys

import pytest
from django.db import connection

from tests.conftest import REPO, database_url
from web.timeouts import limit_web_requests, stop_limiting

pytestmark = pytest.mark.django_db(transaction=True)


def statement_timeout() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        return cursor.fetchone()[0]


@pytest.fixture
def serving():
    """This process serves web requests, as under gunicorn, until the test ends."""
    connection.close()
    limit_web_requests()
    yield
    stop_limiting()
    connection.close()


def test_a_web_requests_connection_has_the_statement_timeout(serving, client):
    assert client.get("/healthz").status_code == 200
    assert statement_timeout() == "15s"


def test_the_timeout_follows_the_setting(serving, settings):
    settings.DATABASE_STATEMENT_TIMEOUT = 3
    assert statement_timeout() == "3s"


def test_a_commands_connection_has_no_statement_timeout():
    connection.close()
    assert statement_timeout() == "0"


@pytest.mark.system
def test_a_management_command_runs_without_the_timeout():
    show = (
        "from django.db import connection\n"
        "with connection.cursor() as c:\n"
        "    c.execute('SHOW statement_timeout'); print(c.fetchone()[0])"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", show],
        cwd=REPO,
        env={"PATH": "/usr/bin:/bin", "DEBUG": "true", "DATABASE_URL": database_url()},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "0"

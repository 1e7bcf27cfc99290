"""The WSGI entry point, as gunicorn loads it once before forking workers
(`preload_app`): the site and the gazetteer are loaded and frozen, and no
database connection is opened (a forked worker must never share one)."""

import os
import subprocess
import sys

import pytest

from tests.conftest import REPO, database_url

pytestmark = pytest.mark.system

LOAD = """
import gc
import config.wsgi
from django.db import connections
from geo.gazetteer import find_zip
print(gc.get_freeze_count() > 100_000)
print(find_zip("15213") is not None)
print([alias for alias in connections if connections[alias].connection is not None])
with connections["default"].cursor() as cursor:
    cursor.execute("SHOW statement_timeout")
    print(cursor.fetchone()[0])
"""


def test_loading_the_site_freezes_the_gazetteer_and_opens_no_connection(db):
    """...and the connections it opens later, for requests, carry the web
    requests' statement timeout."""
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "test-only",
        "DATABASE_URL": database_url(),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(
        [sys.executable, "-c", LOAD],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "[]", "15s"]

"""`make production`'s server: gunicorn with DEBUG off, static files through
WhiteNoise, HTTPS headers, and rate limits shared by its worker processes."""

import os
import socket
import subprocess
import time
import urllib.error
import urllib.request

import pytest
from django.db import connection

from tests.config.test_settings import PRODUCTION
from tests.conftest import REPO, database_url
from web.ratelimit import MINUTE

pytestmark = pytest.mark.system


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(django_db_setup, django_db_blocker):
    """gunicorn as `make production` starts it (two workers), on the test
    database."""
    with django_db_blocker.unblock():
        url = database_url()
    port = free_port()
    env = {
        **os.environ,
        **PRODUCTION,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": url,
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
        "SEARCH_REQUESTS_PER_MINUTE": "5",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    if not (REPO / "staticfiles" / "staticfiles.json").exists():
        # `make production` (and `make test`) collect them first.
        subprocess.run(
            [str(REPO / ".venv" / "bin" / "python"), "manage.py", "collectstatic"]
            + ["--noinput", "-v0"],
            cwd=REPO,
            env=env,
            check=True,
        )
    process = subprocess.Popen(
        [str(REPO / ".venv" / "bin" / "gunicorn"), "config.wsgi"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=5)  # plain HTTP
            break
        except (urllib.error.URLError, ConnectionError):
            assert process.poll() is None, process.stdout.read().decode()
            if time.monotonic() > deadline:
                process.terminate()
                pytest.fail(f"gunicorn did not start: {process.stdout.read().decode()}")
            time.sleep(0.3)
    yield base
    process.terminate()
    process.wait(timeout=30)
    # The workers' sessions end a moment after the processes: wait for them, or
    # the test database cannot be dropped at the end of the run.
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        for _ in range(50):
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0] == 0:
                break
            time.sleep(0.2)


def get(url, **headers):
    """One request on a new connection, as from a proxy in front: HTTPS."""
    request = urllib.request.Request(
        url, headers={"X-Forwarded-Proto": "https", **headers}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def test_pages_are_served_with_debug_off_and_https_headers(server):
    status, headers, body = get(f"{server}/find/")
    assert status == 200
    assert headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )
    assert "Secure" in headers.get("Set-Cookie", "Secure")  # none, or secure only
    status, _, body = get(f"{server}/no-such-page/")
    assert status == 404
    assert "Page not found" in body
    assert "Traceback" not in body and "URLconf" not in body  # no debug page


def test_static_files_are_served_by_whitenoise_with_long_caching(server):
    _, _, page = get(f"{server}/")
    stylesheet = page.split('href="/static/css/site.')[1].split('"')[0]
    status, headers, body = get(f"{server}/static/css/site.{stylesheet}")
    assert status == 200
    assert "max-age=315360000" in headers["Cache-Control"]  # hashed name: forever
    assert "font-size" in body


def test_the_workers_share_one_count_per_client_behind_the_proxy(server):
    # The limit counts per minute of the clock (ratelimit.MINUTE). The server
    # reads the same clock as this test, so when the minute is the same before
    # and after the requests, they all fell in one window. If a minute began
    # meanwhile, try again as a new visitor: eight requests take far less than
    # a minute, so the second try is whole. No waiting for a fresh minute.
    for visitor in ("192.0.2.77", "192.0.2.79"):
        minute = time.time() // MINUTE
        # The proxy (127.0.0.1, trusted) says who the visitor is.
        statuses = [
            get(f"{server}/find/?q=smith", **{"X-Forwarded-For": visitor})[0]
            for _ in range(8)
        ]
        if time.time() // MINUTE == minute:
            break
    assert statuses == [200] * 5 + [429] * 3
    another = {"X-Forwarded-For": "192.0.2.78"}
    assert get(f"{server}/find/?q=smith", **another)[0] == 200

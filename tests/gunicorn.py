"""gunicorn as `make production` starts it (gunicorn.conf.py), for the tests
that need the real server: its workers, its headers, its logs."""

import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from tests.conftest import REPO


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def gunicorn(database_url: str, log: Path, **env):
    """Serves the site on the test database at the yielded base URL, DEBUG
    off; gunicorn's output (access and error logs) goes to `log`."""
    port = free_port()
    environment = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "test-only-secret-for-gunicorn",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
        **env,
    }
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    if not (REPO / "staticfiles" / "staticfiles.json").exists():
        # `make production` (and `make test`) collect them first.
        subprocess.run(
            [str(REPO / ".venv" / "bin" / "python"), "manage.py", "collectstatic"]
            + ["--noinput", "-v0"],
            cwd=REPO,
            env=environment,
            check=True,
        )
    with open(log, "wb") as output:
        process = subprocess.Popen(
            # Its own control socket would be taken from another gunicorn.
            [str(REPO / ".venv" / "bin" / "gunicorn"), "--no-control-socket"]
            + ["config.wsgi"],
            cwd=REPO,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=5)
                break
            except (urllib.error.URLError, ConnectionError):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"gunicorn did not start: {log.read_text()}"
                    ) from None
                time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def wait_for_its_sessions_to_end() -> None:
    """The workers' database sessions end a moment after the processes: the
    test database cannot be flushed or dropped before."""
    from django.db import connection

    with connection.cursor() as cursor:
        for _ in range(50):
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0] == 0:
                return
            time.sleep(0.2)

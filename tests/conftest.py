"""Fixtures shared by every test."""

import os
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings

# Playwright's sync API runs an event loop in the test's thread; the ORM calls
# made in the same browser tests are safe there. Tests only.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/lib/chromium/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium: Playwright cannot download its own browser here."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-gpu",
        ],
    }


@pytest.fixture(scope="session", autouse=True)
def _static_files_without_collectstatic():
    """Pages name static files through the plain storage, which needs no
    manifest: plain `pytest` works before `collectstatic` has run."""
    storages = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
    with override_settings(STORAGES=storages):
        yield


@pytest.fixture(scope="session", autouse=True)
def _static_files_looked_up_per_request():
    """WhiteNoise lists every collected static file when a handler starts, and
    each test's client starts one: a third of the fast loop's time. Here it
    looks a file up when asked instead (WhiteNoise's own development switch);
    the production test (`tests/scripts/test_production.py`) serves static
    files from gunicorn as production does."""
    with override_settings(WHITENOISE_AUTOREFRESH=True):
        yield


@pytest.fixture(autouse=True)
def _fresh_catalog():
    """Each process keeps procedures and specialties in memory; a test's rows
    are rolled back without a signal, so each test starts with none loaded."""
    from providers.catalog import catalog

    catalog.clear()


@pytest.fixture
def staff_client(client, django_user_model):
    admin = django_user_model.objects.create_superuser(
        "admin", "admin@example.com", "a-long-test-password"
    )
    client.force_login(admin)
    return client


REPO = Path(__file__).resolve().parent.parent


@dataclass
class Cluster:
    """A throwaway copy of the project's scripts/db.sh cluster."""

    checkout: Path

    @property
    def socket_dir(self) -> Path:
        return self.checkout / ".data" / "run"

    def run(self, command: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["bash", str(self.checkout / "scripts" / "db.sh"), command],
            check=True,
            capture_output=True,
            text=True,
            timeout=120,
        )


@pytest.fixture
def throwaway_cluster():
    """A second, real PostgreSQL cluster made by scripts/db.sh for a checkout in
    a 0700 folder (as in root's home: the postgres user cannot enter it), and
    destroyed afterwards."""
    checkout = Path(tempfile.mkdtemp(prefix="sf-checkout-"))
    (checkout / "scripts").mkdir()
    shutil.copy(REPO / "scripts" / "db.sh", checkout / "scripts" / "db.sh")
    cluster = Cluster(checkout)
    try:
        cluster.run("start")
        yield cluster
    finally:
        cluster.run("destroy")
        shutil.rmtree(checkout)


def database_url() -> str:
    """DATABASE_URL for a subprocess to reach the test database (the caller
    must have database access)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT current_database()")
        name = cursor.fetchone()[0]
    params = connection.get_connection_params()
    return f"postgis://{params['user']}@/{name}?host={params['host']}"


@pytest.fixture(scope="session")
def basemap_file(tmp_path_factory) -> Path:
    """The site's own basemap, built once a session to zoom 7 (`make run`
    builds it to 9; the map overzooms either)."""
    from geo.basemap import build_basemap

    path = tmp_path_factory.mktemp("basemap") / "us.pmtiles"
    atlas = settings.NODE_MODULES / "us-atlas" / "counties-10m.json"
    build_basemap(path, atlas=atlas, max_zoom=7)
    return path


@pytest.fixture
def basemap(basemap_file, settings) -> Path:
    """Pages serve and draw the session's basemap."""
    settings.MAP_PMTILES_PATH = basemap_file
    settings.MAP_TILE_URL = ""
    return basemap_file


class RedisServer:
    """A real redis-server of a test's own, on a Unix socket, saving nothing."""

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="redis-"))
        self.socket = self.folder / "redis.sock"
        self.url = f"unix://{self.socket}?db=0"
        self.process = None

    def start(self) -> None:
        import redis

        self.process = subprocess.Popen(
            ["redis-server", "--port", "0", "--unixsocket", str(self.socket)]
            + ["--unixsocketperm", "700", "--save", "", "--appendonly", "no"]
            + ["--dir", str(self.folder)],
            stdout=subprocess.DEVNULL,
        )
        self.client = redis.Redis.from_url(self.url)
        for _ in range(100):
            try:
                self.client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        """Stopped for good: connections are refused."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
            self.process.terminate()
            self.process.wait(timeout=10)

    def hang(self) -> None:
        """Still listening, never answering (SIGSTOP), as a stuck server."""
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        self.process.send_signal(signal.SIGCONT)


@pytest.fixture
def redis_server():
    server = RedisServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(server.folder, ignore_errors=True)


@pytest.fixture
def redis_cache(settings, redis_server):
    """The real Redis above as the shared cache (CACHE_URL=unix:///...), with
    the database's table as its fallback, as the settings make it."""
    from config.settings import cache_from_url

    settings.CACHES = {
        "default": cache_from_url("CACHE_URL", redis_server.url),
        "fallback": cache_from_url("CACHE_URL", "db://django_cache"),
    }
    yield redis_server.client

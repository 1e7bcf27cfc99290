"""Settings from the environment: bad values stop start-up with a message, and
the documented production variables pass Django's deployment checks."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from config import settings as project_settings
from tests.conftest import REPO

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k3Q9v-a-long-random-production-key-with-many-characters-7fX2pL0",
    "ALLOWED_HOSTS": "finder.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://finder.example.org",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_COOKIES": "true",
    "BEHIND_TLS_PROXY": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
    "SECURE_HSTS_PRELOAD": "true",
    "TRUSTED_PROXIES": "127.0.0.1",
}


def manage(*args, **env):
    environ = {**os.environ, **env}
    environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # the browser tests' setting
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.system
def test_check_deploy_is_clean_with_the_documented_production_variables():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.system
def test_behind_transaction_pooling_no_statement_is_prepared():
    """A statement prepared on one of PgBouncer's server connections is
    unknown on the next."""
    show = (
        "from django.conf import settings; "
        "print(settings.DATABASES['default']['OPTIONS']['prepare_threshold'])"
    )
    pooled = manage(
        "shell", "--no-imports", "-c", show, DATABASE_TRANSACTION_POOLING="true"
    )
    direct = manage(
        "shell", "--no-imports", "-c", show, DATABASE_TRANSACTION_POOLING="false"
    )
    assert (pooled.stdout.strip(), direct.stdout.strip()) == ("None", "5"), (
        pooled.stderr + direct.stderr
    )


@pytest.mark.system
def test_check_deploy_names_hsts_when_it_is_off():
    result = manage("check", "--deploy", **{**PRODUCTION, "SECURE_HSTS_SECONDS": "0"})
    assert "security.W004" in result.stderr


@pytest.mark.system
@pytest.mark.parametrize(
    "name",
    [
        "REPORTS_PER_HOUR",
        "SEARCH_REQUESTS_PER_MINUTE",
        "API_REQUESTS_PER_MINUTE",
        "FHIR_REQUESTS_PER_MINUTE",
        "SIGNIN_FAILURES_PER_ACCOUNT_PER_HOUR",
        "CACHE_TIMEOUT_MS",
        "DATABASE_STATEMENT_TIMEOUT",
        "DATABASE_CONNECT_TIMEOUT",
        "SECURE_HSTS_SECONDS",
        "GEOCODER_TIMEOUT",
    ],
)
def test_a_negative_limit_or_timeout_stops_start_up(name):
    result = manage("check", **{name: "-5", "DEBUG": "true"})
    assert result.returncode != 0
    assert f"{name} must be at least" in result.stderr
    assert "Traceback" not in result.stderr.split("ImproperlyConfigured")[-1]


def test_envint_takes_a_minimum(monkeypatch):
    monkeypatch.setenv("SOME_LIMIT", "0")
    with pytest.raises(ImproperlyConfigured, match="SOME_LIMIT must be at least 1"):
        project_settings.envint("SOME_LIMIT", "5", minimum=1)


@pytest.mark.parametrize(
    "url",
    [
        "http://tiles.example.org/{z}/{x}/{y}.png",
        "https://tiles.example.org/{z}/{x}/{y}.png; script-src *",
        "https://tiles.example.org/{z}/{x}/{y}.png 'unsafe-inline'",
        "https://tiles.example.org/tiles.png",
        "javascript:alert(1)//{z}{x}{y}",
    ],
)
def test_a_tile_url_that_is_not_an_https_template_stops_start_up(monkeypatch, url):
    monkeypatch.setenv("MAP_TILE_URL", url)
    with pytest.raises(ImproperlyConfigured, match="MAP_TILE_URL must be an https"):
        project_settings.envtileurl("MAP_TILE_URL")


def test_a_tile_server_adds_only_its_origin_to_the_policy(monkeypatch):
    monkeypatch.setenv(
        "MAP_TILE_URL", "https://tiles.example.org:8443/osm/{z}/{x}/{y}.png"
    )
    url = project_settings.envtileurl("MAP_TILE_URL")
    assert project_settings.origin(url) == "https://tiles.example.org:8443"


def test_a_basemap_path_that_names_no_file_stops_start_up(monkeypatch, tmp_path):
    monkeypatch.setenv("MAP_PMTILES_PATH", str(tmp_path / "us.pmtiles"))
    with pytest.raises(ImproperlyConfigured, match="MAP_PMTILES_PATH must name a file"):
        project_settings.envfile("MAP_PMTILES_PATH", tmp_path / "default.pmtiles")


def test_the_built_basemap_is_the_default_even_before_it_is_built(monkeypatch):
    monkeypatch.delenv("MAP_PMTILES_PATH", raising=False)
    default = project_settings.BUILT_BASEMAP_PATH
    assert project_settings.envfile("MAP_PMTILES_PATH", default) == default


@pytest.mark.system
def test_no_tile_server_by_default():
    assert os.environ.get("MAP_TILE_URL") or project_settings.MAP_TILE_URL == ""
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; "
        "print(settings.MAP_TILE_URL == '', "
        "settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'])",
        DEBUG="true",
        MAP_TILE_URL="",
    )
    assert result.stdout.split("\n")[0] == "True [\"'self'\", 'data:']"


@pytest.mark.parametrize(
    ("url", "backend"),
    [
        ("db://django_cache", "web.cache.DatabaseCache"),
        ("redis://127.0.0.1:6379/0", "web.cache.RedisCache"),
        ("unix:///run/redis/redis.sock", "web.cache.RedisCache"),
        ("locmem://", "django.core.cache.backends.locmem.LocMemCache"),
    ],
)
def test_the_cache_is_named_by_a_url(url, backend):
    assert project_settings.cache_from_url("CACHE_URL", url)["BACKEND"] == backend


def test_an_unknown_cache_url_stops_start_up():
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL must be"):
        project_settings.cache_from_url("CACHE_URL", "memcached://x")
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL must be"):
        project_settings.cache_from_url("CACHE_URL", "unix://redis.sock")


def test_bad_trusted_proxies_stop_start_up(monkeypatch):
    monkeypatch.setenv("TRUSTED_PROXIES", "127.0.0.1,nginx")
    with pytest.raises(ImproperlyConfigured, match="TRUSTED_PROXIES must list"):
        project_settings.envnetworks("TRUSTED_PROXIES")


@pytest.mark.system
@pytest.mark.django_db
def test_commits_are_durable_unless_turned_off():
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        expected = os.environ.get("DATABASE_SYNCHRONOUS_COMMIT", "true") != "false"
        assert cursor.fetchone()[0] == ("on" if expected else "off")
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.db import connection; c = connection.cursor(); "
        "c.execute('SHOW synchronous_commit'); print(c.fetchone()[0])",
        DEBUG="true",
        DATABASE_SYNCHRONOUS_COMMIT="true",
    )
    assert result.stdout.strip() == "on"

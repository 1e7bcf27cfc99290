"""Per-client limits on every public endpoint, counted in the shared cache."""

import ipaddress
import time
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory

from tests.factories import make_specialist
from web import ratelimit
from web.ratelimit import client_address

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_counts():
    cache.clear()


@pytest.fixture(autouse=True)
def _mid_window(monkeypatch):
    """Each test's requests fall in one window: the clock stands still half a
    minute into the current one (a test straddling a minute's end, under load,
    would otherwise see its count start again)."""
    still = int(time.time() // 60) * 60 + 30.0
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: still))


def get_many(client, url, times, **extra):
    return [client.get(url, **extra) for _ in range(times)]


def test_the_limits_count_in_the_shared_database_cache_by_default(settings):
    assert settings.CACHES["default"]["BACKEND"] == "web.cache.DatabaseCache"


def test_searches_past_the_limit_get_429_with_retry_after_and_a_message(
    client, settings
):
    settings.SEARCH_REQUESTS_PER_MINUTE = 3
    answers = get_many(client, "/find/?q=smith", 4)
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    refused = answers[-1]
    assert 1 <= int(refused["Retry-After"]) <= 61
    assert "Too many requests from your connection" in refused.text
    assert 'class="site-header"' in refused.text


def test_the_api_answers_429_in_json(client, settings):
    settings.API_REQUESTS_PER_MINUTE = 2
    answers = get_many(client, "/api/v1/specialists/", 3)
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert "Too many requests" in answers[-1].json()["detail"]
    assert int(answers[-1]["Retry-After"]) >= 1


def test_the_widget_and_profiles_are_limited_too(client, settings):
    settings.WIDGET_REQUESTS_PER_MINUTE = 1
    settings.PAGE_REQUESTS_PER_MINUTE = 1
    listing = make_specialist()
    assert [a.status_code for a in get_many(client, "/embed/finder/", 2)] == [
        200,
        429,
    ]
    profile = listing.get_absolute_url()
    assert [a.status_code for a in get_many(client, profile, 2)] == [200, 429]


def test_the_report_form_page_is_limited(client, settings):
    settings.PAGE_REQUESTS_PER_MINUTE = 1
    listing = make_specialist()
    url = f"/specialists/{listing.slug}/report/"
    assert [a.status_code for a in get_many(client, url, 2)] == [200, 429]


def test_each_client_has_its_own_count(client, settings):
    settings.SEARCH_REQUESTS_PER_MINUTE = 1
    assert client.get("/find/", REMOTE_ADDR="192.0.2.1").status_code == 200
    assert client.get("/find/", REMOTE_ADDR="192.0.2.1").status_code == 429
    assert client.get("/find/", REMOTE_ADDR="192.0.2.2").status_code == 200


def test_the_health_check_is_never_limited(client, settings):
    settings.PAGE_REQUESTS_PER_MINUTE = 1
    assert {a.status_code for a in get_many(client, "/healthz", 3)} == {200}


def test_zero_means_no_limit(client, settings):
    settings.SEARCH_REQUESTS_PER_MINUTE = 0
    assert {a.status_code for a in get_many(client, "/find/", 5)} == {200}


def test_the_cache_holds_no_client_address(client):
    client.get("/find/", REMOTE_ADDR="198.51.100.7")
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM django_cache")
        keys = [row[0] for row in cursor.fetchall()]
    assert keys
    assert not any("198.51.100.7" in key for key in keys)


class TestClientAddress:
    factory = RequestFactory()

    def request(self, remote, forwarded=None):
        extra = {"REMOTE_ADDR": remote}
        if forwarded is not None:
            extra["HTTP_X_FORWARDED_FOR"] = forwarded
        return self.factory.get("/", **extra)

    def test_without_trusted_proxies_the_header_is_ignored(self, settings):
        settings.TRUSTED_PROXIES = []
        request = self.request("203.0.113.9", forwarded="192.0.2.50")
        assert client_address(request) == "203.0.113.9"

    def test_behind_a_trusted_proxy_the_address_it_saw_counts(self, settings):
        settings.TRUSTED_PROXIES = _networks("127.0.0.1")
        request = self.request("127.0.0.1", forwarded="192.0.2.50")
        assert client_address(request) == "192.0.2.50"

    def test_addresses_a_client_wrote_itself_are_never_read(self, settings):
        # The client sent "X-Forwarded-For: 10.9.9.9"; the proxy appended the
        # address it saw. Only the proxy's entry counts.
        settings.TRUSTED_PROXIES = _networks("127.0.0.1")
        request = self.request("127.0.0.1", forwarded="10.9.9.9, 192.0.2.50")
        assert client_address(request) == "192.0.2.50"

    def test_a_chain_of_trusted_proxies_is_walked_from_the_right(self, settings):
        settings.TRUSTED_PROXIES = _networks("127.0.0.1,10.0.0.0/8")
        request = self.request("127.0.0.1", forwarded="192.0.2.50, 10.1.2.3")
        assert client_address(request) == "192.0.2.50"

    def test_an_untrusted_sender_cannot_choose_its_address(self, settings):
        settings.TRUSTED_PROXIES = _networks("127.0.0.1")
        request = self.request("203.0.113.9", forwarded="192.0.2.50")
        assert client_address(request) == "203.0.113.9"

    def test_behind_a_proxy_each_visitor_has_its_own_count(self, client, settings):
        settings.TRUSTED_PROXIES = _networks("127.0.0.1")
        settings.SEARCH_REQUESTS_PER_MINUTE = 1
        first = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "192.0.2.1"}
        second = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "192.0.2.2"}
        assert client.get("/find/", **first).status_code == 200
        assert client.get("/find/", **second).status_code == 200
        assert client.get("/find/", **first).status_code == 429


def _networks(text):
    return [ipaddress.ip_network(item) for item in text.split(",")]


@pytest.mark.system
def test_limits_count_in_redis_when_the_cache_url_names_it(
    client, settings, redis_cache
):
    settings.SEARCH_REQUESTS_PER_MINUTE = 2
    answers = get_many(client, "/find/?q=smith", 3, REMOTE_ADDR="203.0.113.9")
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert int(answers[-1]["Retry-After"]) >= 1
    # Counted in Redis, not in the database's cache table, under a hashed key.
    keys = [key.decode() for key in redis_cache.keys("*limit:*")]
    assert len(keys) == 1
    assert "203.0.113.9" not in keys[0]
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM django_cache")
        assert cursor.fetchone()[0] == 0
    # Another client still has its own count.
    assert client.get("/find/", REMOTE_ADDR="203.0.113.10").status_code == 200

"""The shared cache: counts that add up under load, and a real Redis that
stops or hangs while the site keeps answering."""

import threading
import time

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse

from tests.factories import make_specialist
from tests.providers.conftest import PASSWORD, make_user
from web.ratelimit import hit

pytestmark = pytest.mark.system


def admitted_under_load(limit: int, connections: int, each: int) -> int:
    """Requests admitted when `connections` threads, each with its own
    database connection, send `each` requests from one client at once."""
    admitted = []
    start = threading.Barrier(connections)

    def client():
        request = RequestFactory().get("/find/", REMOTE_ADDR="192.0.2.50")
        start.wait()
        mine = sum(hit(request, "load", limit=limit) is None for _ in range(each))
        admitted.append(mine)
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(admitted)


def wait_for_a_fresh_minute():
    if time.time() % 60 > 40:
        time.sleep(61 - time.time() % 60)


@pytest.mark.django_db(transaction=True)
def test_the_database_cache_counts_every_request_under_8_connections():
    wait_for_a_fresh_minute()
    assert admitted_under_load(limit=200, connections=8, each=40) == 200


@pytest.mark.django_db(transaction=True)
def test_redis_counts_every_request_under_8_connections(redis_cache):
    wait_for_a_fresh_minute()
    assert admitted_under_load(limit=300, connections=8, each=60) == 300


@pytest.fixture
def listing(db):
    return make_specialist(first_name="Ann", last_name="Smith")


@pytest.mark.django_db(transaction=True)
def test_when_redis_stops_pages_answer_at_once_and_limits_still_hold(
    client, settings, redis_cache, redis_server
):
    settings.SEARCH_REQUESTS_PER_MINUTE = 3
    wait_for_a_fresh_minute()
    assert client.get("/find/?q=smith").status_code == 200
    redis_server.stop()

    started = time.monotonic()
    statuses = [client.get("/find/?q=smith").status_code for _ in range(4)]
    assert time.monotonic() - started < 2  # no socket waits of seconds
    # The counts go on in the database's cache table: fresh there, so the
    # client has its 3 again, and the limit holds.
    assert statuses == [200, 200, 200, 429]
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.json() == {
        "status": "degraded",
        "database": "ok",
        "cache": "unavailable",
    }


@pytest.mark.django_db(transaction=True)
def test_a_hung_redis_costs_at_most_its_short_timeout(
    client, settings, redis_cache, redis_server
):
    settings.SEARCH_REQUESTS_PER_MINUTE = 100
    assert client.get("/find/?q=smith").status_code == 200
    redis_server.hang()
    try:
        started = time.monotonic()
        for _ in range(5):
            assert client.get("/find/?q=smith").status_code == 200
        assert time.monotonic() - started < 2.5  # one 0.25 s timeout, then none
        assert client.get("/healthz").json()["cache"] == "unavailable"
    finally:
        redis_server.resume()
    assert caches["default"].redis_available()


@pytest.mark.django_db(transaction=True)
def test_sign_in_when_redis_is_down_still_locks_after_failures(
    client, redis_cache, redis_server
):
    make_user("provider@example.com")
    redis_server.stop()
    login = reverse("account_login")
    answers = [
        client.post(login, {"login": "provider@example.com", "password": "guess"})
        for _ in range(5)
    ]
    assert {a.status_code for a in answers} == {200}  # wrong password, no 500
    locked = client.post(login, {"login": "provider@example.com", "password": PASSWORD})
    assert locked.status_code == 429
    assert client.get(reverse("providers:dashboard")).status_code == 302


@pytest.mark.django_db(transaction=True)
def test_a_report_sent_while_redis_is_down_is_kept(
    client, redis_cache, redis_server, listing
):
    from providers.models import Report

    redis_server.stop()
    response = client.post(
        f"/specialists/{listing.slug}/report/",
        {"what_is_wrong": "The phone number rings a pizzeria."},
    )
    assert response.status_code in (200, 302)
    assert Report.objects.get().what_is_wrong == "The phone number rings a pizzeria."


def test_without_redis_the_health_check_says_the_cache_is_ok(client, db):
    assert type(caches["default"]).__name__ == "DatabaseCache"
    assert client.get("/healthz").json()["cache"] == "ok"

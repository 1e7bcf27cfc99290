"""Errors in the right shape: JSON under /api/, branded pages elsewhere, 400 for
NUL characters, 503 with Retry-After when the database is away or too slow."""

import json

import psycopg
import pytest
from django.db import close_old_connections, connection
from django.test import Client, RequestFactory

from web.errors import server_error


@pytest.fixture
def quiet_client():
    """A client that gets the error page instead of the exception."""
    return Client(raise_request_exception=False)


@pytest.mark.parametrize(
    "url",
    [
        "/find/?q=a%00b",
        "/find/?location=%00",
        "/find/?from=%00&procedure=kyphoplasty",
        "/specialists/a%00b/",
        "/embed/finder/?procedure=%00",
    ],
)
def test_a_nul_character_in_a_page_address_is_a_400_page(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "NUL character" in response.text
    assert 'class="site-header"' in response.text


@pytest.mark.parametrize(
    "url", ["/api/v1/specialists/?q=a%00b", "/api/v1/specialists/a%00b/"]
)
def test_a_nul_character_in_an_api_address_is_a_json_400(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "NUL character" in response.json()["detail"]


def test_an_unknown_api_address_is_a_json_404(client):
    response = client.get("/api/v1/nothing-here/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "no page at this address" in response.json()["detail"]


def test_an_unknown_page_is_the_sites_own_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.text
    assert 'class="site-header"' in response.text
    assert "do not endorse" in response.text  # the notice, as on every page


def test_a_fault_is_a_json_500_under_the_api_and_a_page_elsewhere():
    factory = RequestFactory()
    api = server_error(factory.get("/api/v1/specialists/"))
    assert api.status_code == 500
    assert "fault on our side" in json.loads(api.content)["detail"]
    page = server_error(factory.get("/find/"))
    assert page.status_code == 500
    assert "Something went wrong" in page.content.decode()


@pytest.mark.django_db
def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


@pytest.mark.django_db
def test_every_connection_has_a_connect_timeout():
    assert connection.settings_dict["OPTIONS"]["connect_timeout"] == 5


@pytest.mark.django_db(transaction=True)
def test_a_request_held_up_by_a_lock_answers_503_when_the_statement_times_out(
    quiet_client,
):
    """Another session holds a lock on the listings: the search gives up after
    the statement timeout (shortened here) and says so, instead of hanging."""
    params = connection.get_connection_params()
    locker = psycopg.connect(
        dbname=params["dbname"], host=params.get("host"), user=params.get("user")
    )
    with locker.transaction():
        locker.execute("LOCK TABLE providers_specialist IN ACCESS EXCLUSIVE MODE")
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = '500ms'")
        response = quiet_client.get("/api/v1/specialists/?q=smith")
    locker.close()
    connection.close()  # the next test gets a connection with the real timeout
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "cannot reach its database" in response.json()["detail"]


@pytest.mark.system
def test_a_database_outage_is_a_503_and_the_site_recovers_without_a_restart(
    quiet_client, throwaway_cluster, django_db_blocker
):
    """A real PostgreSQL server, really stopped and started again under the
    running site: 503 with Retry-After while it is away (JSON for the API and
    /healthz, the site's page elsewhere), then answers again by itself."""

    def get(url):
        # What every server does around a request (Django's test client skips
        # it): drop a connection that errored or is no longer usable.
        close_old_connections()
        try:
            return quiet_client.get(url)
        finally:
            close_old_connections()

    saved = dict(connection.settings_dict)
    with django_db_blocker.unblock():
        connection.close()
        connection.settings_dict.update(
            NAME="specialist_finder", HOST=str(throwaway_cluster.socket_dir)
        )
        try:
            assert get("/healthz").status_code == 200

            throwaway_cluster.run("stop")
            health = get("/healthz")
            assert health.status_code == 503
            assert health.json()["database"] == "unavailable"
            api = get("/api/v1/specialists/?q=smith")
            assert api.status_code == 503
            assert api["Retry-After"] == "30"
            assert "cannot reach its database" in api.json()["detail"]
            page = get("/find/?location=15213")
            assert page.status_code == 503
            assert page["Retry-After"] == "30"
            assert "Temporarily unavailable" in page.text
            assert 'class="site-header"' in page.text

            throwaway_cluster.run("start")
            assert get("/healthz").status_code == 200
        finally:
            connection.close()
            connection.settings_dict.clear()
            connection.settings_dict.update(saved)

"""Hostile input, generated from the API's own schema (schemathesis): no answer
is a server error, and every answer matches the schema it was generated from."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from tests.factories import make_location, make_procedure, make_specialist
from web.timeouts import stop_limiting

pytestmark = pytest.mark.system

# Enough cases to find what hand-written tests miss, few enough for CI: with
# schemathesis's own boundary cases, about 30 seconds for both operations on
# this 2-core machine when it is otherwise idle.
CASES_PER_OPERATION = 100


@pytest.fixture
def _connections_kept():
    """Requests go through the real WSGI application, inside the test's
    transaction: like Django's test client, keep the connection between them."""
    signals = (request_started, request_finished)
    for signal in signals:
        signal.disconnect(close_old_connections)
    yield
    for signal in signals:
        signal.connect(close_old_connections)


@pytest.fixture
def _wsgi_application():
    """The WSGI module, imported here rather than at the top: loading it warms
    the whole gazetteer (seconds), which `pytest -m "not system"` need not pay
    for, and it gives every connection the process opens from then on the web
    requests' statement timeout, which later tests must not inherit."""
    from config.wsgi import application

    yield application
    stop_limiting()


@pytest.fixture
def api_schema(db, settings, _connections_kept, _wsgi_application):
    settings.API_REQUESTS_PER_MINUTE = 0  # hundreds of requests from one client
    kypho = make_procedure(name="Kyphoplasty", slug="kyphoplasty")
    for n, (latitude, longitude) in enumerate([(40.444, -79.9552), (39.96, -75.2)]):
        make_specialist(
            first_name="Dana",
            last_name=f"Okafor{n}",
            slug=f"dana-okafor-{n}",
            locations=[make_location(latitude=latitude, longitude=longitude)],
            procedures=[kypho],
        )
    return schemathesis.openapi.from_wsgi(
        "/api/v1/schema/?format=json", _wsgi_application
    )


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=CASES_PER_OPERATION,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_answers_generated_requests_as_its_schema_says(case):
    # Every check but "a request the schema allows is accepted": a place must
    # exist and a procedure must be one we list, which no schema can say.
    case.call_and_validate(
        excluded_checks=[schemathesis.checks.positive_data_acceptance]
    )

"""The site under gunicorn (gunicorn.conf.py), as production runs it: whatever
a person types gives a page or a clear 400, the logs keep no query string,
over-long addresses are answered in each API's shape, and /healthz does not
wait behind slow requests."""

import http.client
import http.cookiejar
import re
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.models import ArticleReferral
from tests.conftest import database_url
from tests.factories import make_article, make_procedure, make_specialist
from tests.gunicorn import gunicorn, wait_for_its_sessions_to_end

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]

# What phones and people type (the hostile sweep's 16 realistic inputs).
REALISTIC = [
    "O\u2019Fallon, MO",
    "Coeur d\u2019Alene, ID",
    "\u201cPittsburgh, PA\u201d",
    "Pittsburgh,\u200b PA",
    "Pitts\u200bburgh, PA",
    "Ca\u00f1on City, CO",
    "S\u00e3o Paulo",
    "\u202ePittsburgh, PA",
    "\ufeff15213",
    "Pittsburgh, PA \U0001f3e5",
    "\U0001f468\u200d\u2695\ufe0f near me",
    "\uff11\uff15\uff12\uff11\uff13",
    "Wilkes\u2013Barre, PA",
    "\u0645\u0631\u062d\u0628\u0627",
    "\u5317\u4eac",
    "x" * 2000,
]

# Text with what a keyboard, a phone or a copy-paste brings along.
TYPED = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8", exclude_categories=["Cs"]),
        st.sampled_from(
            "\u2019\u2018\u201c\u201d\u200b\u200c\u200d\u2060\ufeff\u202a\u202b"
            "\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u00a0\u0301%&=?#+;,/\\'\"<>"
        ),
        st.sampled_from(["\U0001f3e5", "\U0001f9b4", "\U0001f468", "\u2695", "\ufe0f"]),
    ),
    max_size=300,
) | st.sampled_from(REALISTIC)


@pytest.fixture
def site(tmp_path):
    kyphoplasty = make_procedure(name="Kyphoplasty", slug="kyphoplasty")
    for _ in range(3):
        make_specialist(procedures=[kyphoplasty])
    article = make_article(slug="cement", procedures=[kyphoplasty])
    log = tmp_path / "gunicorn.log"
    limits = dict.fromkeys(
        (
            "SEARCH_REQUESTS_PER_MINUTE",
            "API_REQUESTS_PER_MINUTE",
            "FHIR_REQUESTS_PER_MINUTE",
            "WIDGET_REQUESTS_PER_MINUTE",
            "PAGE_REQUESTS_PER_MINUTE",
        ),
        "0",
    )
    with gunicorn(database_url(), log, **limits) as base:
        yield base, log, article
    wait_for_its_sessions_to_end()


def fetch(url: str, data: dict | None = None, opener=None, **headers):
    """(status, headers, body) of one request, errors included."""
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, headers=headers)
    try:
        with (opener or urllib.request.build_opener()).open(
            request, timeout=30
        ) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def addresses(base: str, text: str) -> list[str]:
    """Every place on the site where this text can be typed (as GET)."""
    quoted = urllib.parse.quote(text, safe="")
    return [
        f"{base}/find/?location={quoted}&procedure=kyphoplasty&from=cement",
        f"{base}/find/?q={quoted}",
        f"{base}/find/?procedure={quoted}",
        f"{base}/api/v1/specialists/?location={quoted}",
        f"{base}/api/v1/specialists/?q={quoted}&specialty={quoted}",
        f"{base}/embed/finder/?procedure=kyphoplasty&location={quoted}",
        f"{base}/fhir/Practitioner?name={quoted}",
        f"{base}/fhir/PractitionerRole?procedure={quoted}",
        f"{base}/fhir/Location?address={quoted}",
        f"{base}/provider/claim/?q={quoted}",
    ]


ANSWERS = {200, 302, 400, 404, 414}


def test_every_realistic_place_gives_a_page_and_counts_one_referral(site):
    base, _, article = site
    for text in REALISTIC:
        for url in addresses(base, text):
            status, headers, body = fetch(url)
            assert status in ANSWERS, (text, url, status, body[:300])
    status, headers, _ = fetch(
        f"{base}/find/?location={urllib.parse.quote('O’Fallon, MO')}"
    )
    cookie = headers["Set-Cookie"]
    assert cookie.startswith("finder_place=O%27Fallon%2C%20MO:")
    # The place comes back: the article's box searches near it.
    status, _, page = fetch(f"{base}/articles/cement/", Cookie=cookie.split(";")[0])
    assert status == 200 and "O&#x27;Fallon, MO" in page
    # Only valid places counted, each once: O'Fallon and the others it finds.
    assert ArticleReferral.objects.get(article=article).count >= 5


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(text=TYPED)
def test_any_typed_text_gives_a_page_or_a_clear_400(site, text):
    base, _, _ = site
    for url in addresses(base, text):
        status, _, body = fetch(url)
        assert status in ANSWERS, (text, url, status, body[:300])
        assert "Traceback" not in body


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(text=TYPED)
def test_typed_text_in_the_report_form_and_sign_in_is_kept_or_refused_clearly(
    site, text
):
    base, _, _ = site
    slug = make_specialist().slug
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    for path, fields in (
        (f"/specialists/{slug}/report/", {"what_is_wrong": text or "x"}),
        ("/accounts/login/", {"login": text, "password": text}),
    ):
        _, _, form = fetch(f"{base}{path}", opener=opener)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)[1]
        status, _, body = fetch(
            f"{base}{path}",
            {**fields, "csrfmiddlewaretoken": token},
            opener=opener,
            Referer=f"{base}{path}",
        )
        assert status in {200, 302, 400, 429}, (path, text, status, body[:300])


def raw_request(base: str, line: str) -> tuple[int, str, str]:
    """Sends a request line as given (urllib would refuse some)."""
    host, port = base.removeprefix("http://").split(":")
    connection_ = http.client.HTTPConnection(host, int(port), timeout=30)
    connection_.putrequest("GET", line, skip_accept_encoding=True)
    connection_.endheaders()
    response = connection_.getresponse()
    body = response.read().decode()
    connection_.close()
    return response.status, response.getheader("Content-Type", ""), body


def send_line(base: str, line: str) -> bytes:
    """Sends a request line no client library would write; answers the reply."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as raw:
        raw.sendall(f"{line}\r\nHost: 127.0.0.1\r\n\r\n".encode())
        return raw.recv(65536)


def test_over_long_addresses_are_answered_in_each_apis_shape(site):
    base, _, _ = site
    long = "x" * 6000
    status, kind, body = raw_request(base, f"/fhir/Practitioner?name={long}")
    assert status == 414 and kind.startswith("application/fhir+json")
    assert '"too-long"' in body
    status, kind, body = raw_request(base, f"/api/v1/specialists/?q={long}")
    assert status == 414 and kind.startswith("application/json")
    status, kind, body = raw_request(base, f"/find/?q={long}")
    assert status == 414 and "Address too long" in body


def test_no_log_line_holds_a_query_string_or_a_client_address(site):
    base, log, _ = site
    secret = "SecretPlace15213"
    fetch(f"{base}/find/?location={secret}&procedure=kyphoplasty")
    fetch(f"{base}/fhir/Practitioner?name={secret}")
    raw_request(base, f"/find/?location={secret}{'y' * 9000}")  # gunicorn's own 414
    send_line(base, f"GET /find/?location={secret} HTTP/1.1 junk")  # a bad line
    time.sleep(0.5)
    text = log.read_text()
    assert "/find/" in text  # the access log has the path
    assert secret not in text
    assert "127.0.0.1" not in text.replace(f"{base}", "")


def test_the_health_check_does_not_wait_behind_slow_requests(site):
    """Three searches held by a lock (as by a slow query) while the load
    balancer asks: it is answered at once."""
    base, _, _ = site
    answers = []

    def slow_search():
        answers.append(fetch(f"{base}/find/?q=smith")[0])

    with connection.cursor() as cursor:
        cursor.execute("BEGIN")
        cursor.execute("LOCK TABLE providers_searchentry IN ACCESS EXCLUSIVE MODE")
        searches = [threading.Thread(target=slow_search) for _ in range(3)]
        for search in searches:
            search.start()
        time.sleep(1)
        started = time.monotonic()
        status, _, body = fetch(f"{base}/healthz")
        waited = time.monotonic() - started
        cursor.execute("ROLLBACK")
    for search in searches:
        search.join()
    assert status == 200 and '"database": "ok"' in body
    assert waited < 1.0
    assert answers == [200, 200, 200]


@pytest.mark.parametrize(
    "message",
    [
        "Error handling request GET /find/?location=SecretPlace&procedure=x",
        "Invalid request from ip=192.0.2.7: Invalid HTTP request line: "
        "'GET /fhir/Practitioner?name=SecretPlace HTTP/1.1 x'",
        "Invalid response header from the application: Set-Cookie: "
        "finder_place=SecretPlace:sig; Path=/",
    ],
)
def test_gunicorns_own_error_lines_lose_the_query_address_and_header_value(
    message,
):
    import logging
    import runpy

    from tests.conftest import REPO

    conf = runpy.run_path(str(REPO / "gunicorn.conf.py"))
    record = logging.LogRecord("gunicorn.error", 40, "", 0, message, (), None)
    conf["PrivateFilter"]().filter(record)
    assert "SecretPlace" not in record.getMessage()
    assert "192.0.2.7" not in record.getMessage()

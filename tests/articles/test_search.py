"""The hook /find/ calls: remember the place for articles, count the referral."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.utils import timezone

from articles.models import ArticleReferral
from articles.search import remembered_place
from tests.factories import make_procedure, make_specialist

pytestmark = pytest.mark.django_db


def test_the_place_is_kept_in_a_signed_cookie_that_ends_with_the_browser(
    client, article
):
    response = client.get("/find/", {"location": "15213", "procedure": "kyphoplasty"})
    cookie = response.cookies["finder_place"]
    assert cookie["expires"] == "" and cookie["max-age"] == ""  # a session cookie
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert cookie.value.startswith("15213:")  # the text, and its signature
    assert client.cookies.get("sessionid") is None  # nothing kept on the server


@pytest.mark.parametrize(
    "typed",
    [
        "O\u2019Fallon, MO",
        "Coeur d\u2019Alene, ID",
        "\u201cPittsburgh, PA\u201d",
        "Ca\u00f1on City, CO",
        "Pittsburgh, PA \U0001f3e5",
    ],
)
def test_a_typed_place_is_kept_in_a_header_any_server_can_send(client, typed):
    response = client.get("/find/", {"location": typed})
    assert response.status_code == 200
    cookie = response.cookies["finder_place"].OutputString()
    cookie.encode("ascii")  # gunicorn refuses anything beyond Latin-1
    # Read back: the article box searches near the place as it was typed.
    assert remembered_place(RequestFactory(headers={"cookie": cookie}).get("/"))


def test_the_remembered_place_reads_back_as_typed(client):
    response = client.get("/find/", {"location": "O\u2019Fallon,  MO"})
    request = RequestFactory().get("/")
    request.COOKIES["finder_place"] = response.cookies["finder_place"].value
    assert remembered_place(request) == "O'Fallon, MO"


def test_a_tampered_cookie_is_ignored(client, article):
    client.cookies["finder_place"] = "Philadelphia, PA:forged-signature"
    page = client.get("/articles/cement/").content.decode()
    assert "Philadelphia" not in page


def test_a_bad_location_is_not_remembered(client, article):
    response = client.get("/find/", {"location": "Atlantis, ZZ"})
    assert "finder_place" not in response.cookies


@pytest.mark.django_db(transaction=True)
def test_anonymous_searches_write_nothing_to_the_database(client, article):
    """Only the rate limit's counter (a keyed hash of the address, no address,
    gone within two minutes) goes into the cache table."""

    def row_counts():
        with connection.cursor() as cursor:
            tables = [
                t
                for t in connection.introspection.table_names(cursor)
                if t != "django_cache"
            ]
            counts = {}
            for table in tables:
                cursor.execute(f'SELECT count(*) FROM "{table}"')
                counts[table] = cursor.fetchone()[0]
        return counts

    before = row_counts()
    for params in [
        {"location": "15213"},
        {"location": "15213", "procedure": "kyphoplasty", "radius": "50"},
        {"q": "smith", "page": "2"},
        {"location": "Atlantis, ZZ"},
    ]:
        client.get("/find/", params)
    client.get("/articles/cement/")
    assert row_counts() == before


def test_a_search_with_an_invalid_place_is_not_counted(client, article):
    """A script sending `from` with nonsense must not raise an article's count."""
    for place in ("Atlantis, ZZ", "15213-38901", "x" * 300):
        client.get(
            "/find/",
            {"procedure": "vertebroplasty", "location": place, "from": "cement"},
        )
    assert not ArticleReferral.objects.exists()


def test_each_search_from_an_article_adds_one_to_its_count(
    client, article, vertebroplasty
):
    params = {"procedure": "vertebroplasty", "location": "15213", "from": "cement"}
    client.get("/find/", params)
    assert ArticleReferral.objects.get().count == 1
    client.get("/find/", params)
    client.get("/find/", {**params, "location": "19104"})
    referral = ArticleReferral.objects.get()
    assert referral.count == 3
    assert referral.article == article
    assert referral.procedure == vertebroplasty
    assert referral.day == timezone.localdate()


def test_counts_are_kept_per_procedure(client, article):
    client.get("/find/", {"procedure": "vertebroplasty", "from": "cement"})
    client.get("/find/", {"procedure": "kyphoplasty", "from": "cement"})
    client.get("/find/", {"procedure": "kyphoplasty", "from": "cement"})
    counts = dict(ArticleReferral.objects.values_list("procedure__slug", "count"))
    assert counts == {"vertebroplasty": 1, "kyphoplasty": 2}


def test_searches_not_from_an_article_are_not_counted(client, article):
    client.get("/find/", {"procedure": "kyphoplasty", "location": "15213"})
    client.get("/find/", {"procedure": "kyphoplasty", "from": "no-such-article"})
    client.get("/find/", {"location": "15213", "from": "cement"})  # no procedure
    client.get("/find/", {"procedure": "not-a-procedure", "from": "cement"})
    assert not ArticleReferral.objects.exists()


def test_a_search_for_a_procedure_the_article_does_not_discuss_is_not_counted(
    client, article
):
    make_procedure(name="Microdiscectomy", slug="microdiscectomy")
    client.get("/find/", {"procedure": "microdiscectomy", "from": "cement"})
    assert not ArticleReferral.objects.exists()


def test_turning_pages_is_not_another_search(client, article, kyphoplasty):
    for _ in range(25):
        make_specialist(procedures=[kyphoplasty])
    params = {"procedure": "kyphoplasty", "location": "15213", "from": "cement"}
    client.get("/find/", params)
    client.get("/find/", {**params, "page": "2"})
    assert ArticleReferral.objects.get().count == 1


def test_referral_counts_hold_no_personal_data(client, article):
    client.get(
        "/find/",
        {"procedure": "kyphoplasty", "location": "15213", "from": "cement"},
        REMOTE_ADDR="203.0.113.9",
        HTTP_USER_AGENT="Reader's browser",
    )
    fields = {field.name for field in ArticleReferral._meta.get_fields()}
    assert fields == {"id", "article", "procedure", "day", "count"}
    row = ArticleReferral.objects.values().get()
    assert "203.0.113.9" not in str(row) and "15213" not in str(row)

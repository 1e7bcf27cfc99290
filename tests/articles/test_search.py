"""The hook /find/ calls: remember the place for articles, count the referral."""

import pytest
from django.utils import timezone

from articles.models import ArticleReferral
from tests.factories import make_specialist

pytestmark = pytest.mark.django_db


def test_the_session_keeps_only_the_location_text(client, article):
    client.get("/find/", {"location": "15213", "procedure": "kyphoplasty"})
    keys = set(client.session.keys()) - {"_session_expiry"}
    assert keys == {"finder_location"}
    assert client.session["finder_location"] == "15213"
    assert client.session.get_expire_at_browser_close()


def test_a_bad_location_is_not_remembered(client, article):
    client.get("/find/", {"location": "Atlantis, ZZ"})
    assert "finder_location" not in client.session


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

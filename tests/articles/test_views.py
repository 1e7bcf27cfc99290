"""Article pages, their finder boxes, referral counts and links back from the finder."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.template import Context, Template, TemplateSyntaxError
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import ArticleReferral
from articles.services import record_referral
from tests.factories import (
    PHILADELPHIA_19104,
    make_article,
    make_location,
    make_procedure,
    make_specialist,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def vertebroplasty():
    return make_procedure(name="Vertebroplasty", slug="vertebroplasty")


@pytest.fixture
def kyphoplasty():
    return make_procedure(name="Kyphoplasty", slug="kyphoplasty")


@pytest.fixture
def article(vertebroplasty, kyphoplasty):
    return make_article(
        title="Cement for a broken vertebra",
        slug="cement",
        summary="How two procedures treat compression fractures.",
        body="Intro paragraph.\n\n## What it is\n\n- one\n- two\n\n*Not advice.*",
        procedures=[vertebroplasty, kyphoplasty],
        published=date(2026, 10, 6),
        medically_reviewed=date(2026, 10, 20),
    )


def render_body(body: str) -> str:
    """The article body as a reader's browser receives it."""
    article = make_article(slug="unsafe", body=body)
    page = Client().get(article.get_absolute_url()).content.decode()
    return page.split('<div class="article-body">')[1]


# Rendering


def test_article_page_shows_title_markdown_dates_procedures_and_notice(client, article):
    response = client.get("/articles/cement/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1" in page and "Cement for a broken vertebra" in page
    assert "<h2>What it is</h2>" in page
    assert "<li>one</li>" in page
    assert "<em>Not advice.</em>" in page
    assert "October 6, 2026" in page  # published
    assert "October 20, 2026" in page  # medically reviewed
    assert "Updated" in page
    assert 'href="/procedures/vertebroplasty/">Vertebroplasty</a>' in page
    assert 'href="/procedures/kyphoplasty/">Kyphoplasty</a>' in page
    assert "do not endorse" in page


def test_article_url_comes_from_the_model(article):
    assert article.get_absolute_url() == "/articles/cement/"
    assert reverse("articles:article", args=["cement"]) == "/articles/cement/"


def test_a_heading_one_in_the_body_does_not_make_a_second_title():
    body = render_body("# Big heading\n\ntext")
    assert "<h1" not in body
    assert "<h2>Big heading</h2>" in body


def test_script_tags_in_the_body_are_removed():
    body = render_body("Hello <script>alert('owned')</script> there")
    assert "<script" not in body
    assert "alert(" not in body
    assert "Hello" in body


def test_event_handlers_in_the_body_are_removed():
    body = render_body(
        '<p onclick="steal()">Click</p>\n\n<img src="x" onerror="steal()">\n\n'
        '<a href="https://example.org" onmouseover="steal()">link</a>'
    )
    assert "steal()" not in body
    assert "onclick" not in body and "onerror" not in body
    assert "onmouseover" not in body
    assert "<img" not in body  # images would come from other origins
    assert "Click" in body and 'href="https://example.org"' in body


@pytest.mark.parametrize(
    "markdown",
    [
        "[click me](javascript:alert(1))",
        '<a href="javascript:alert(1)">click me</a>',
        '<a href="JaVaScRiPt:alert(1)">click me</a>',
        '<a href=" javascript:alert(1)">click me</a>',
        "[click me](data:text/html;base64,PHNjcmlwdD4=)",
    ],
)
def test_javascript_and_data_links_in_the_body_lose_their_target(markdown):
    body = render_body(markdown)
    assert "click me" in body
    assert "javascript:" not in body.lower()
    assert "data:" not in body


def test_style_attributes_and_iframes_are_removed():
    body = render_body(
        '<p style="color:red">styled</p>\n\n<iframe src="https://evil.example">'
        "</iframe>\n\n<style>body{}</style>"
    )
    assert "style=" not in body and "<style" not in body
    assert "<iframe" not in body
    assert "styled" in body


def test_plain_links_survive_with_noopener():
    body = render_body("[NIH](https://www.nih.gov/)")
    assert 'href="https://www.nih.gov/"' in body
    assert "noopener" in body


# Which articles are public


def test_unknown_article_is_404(client):
    assert client.get("/articles/no-such-article/").status_code == 404


def test_draft_and_future_articles_are_hidden(client):
    make_article(slug="draft", published=None, title="Draft piece")
    make_article(
        slug="future",
        published=timezone.localdate() + timedelta(days=3),
        title="Future piece",
    )
    make_article(slug="live", title="Live piece")
    assert client.get("/articles/draft/").status_code == 404
    assert client.get("/articles/future/").status_code == 404
    index = client.get("/articles/").content.decode()
    assert "Live piece" in index
    assert "Draft piece" not in index and "Future piece" not in index


def test_index_links_every_published_article_with_its_procedures(client, article):
    page = client.get("/articles/").content.decode()
    assert 'href="/articles/cement/"' in page
    assert "About kyphoplasty and vertebroplasty." in page
    assert "How two procedures treat compression fractures." in page


def test_every_page_links_to_the_articles(client):
    assert 'href="/articles/">Articles</a>' in client.get("/").content.decode()


# From article to finder


def test_each_procedure_gets_a_finder_box_carrying_procedure_and_article(
    client, article
):
    page = client.get("/articles/cement/").content.decode()
    for slug, name in (("vertebroplasty", "vertebroplasty"), ("kyphoplasty", "kyp")):
        box = page.split(f'<h2 id="find-{slug}">')[1].split("</form>")[0]
        assert f"Find a specialist who performs {slug} near you" in box
        assert 'action="/find/"' in box and 'method="get"' in box
        assert f'name="procedure" value="{slug}"' in box
        assert 'name="from" value="cement"' in box
        assert 'name="location"' in box
        assert f'<label for="location-{slug}">' in box
        assert name in box


def test_the_finder_box_search_lands_on_results_for_that_procedure(
    client, article, vertebroplasty, kyphoplasty
):
    make_specialist(last_name="Vertson", procedures=[vertebroplasty])
    make_specialist(last_name="Kyphman", procedures=[kyphoplasty])
    page = client.get(
        "/find/", {"procedure": "vertebroplasty", "location": "15213", "from": "cement"}
    ).content.decode()
    assert "who perform vertebroplasty" in page
    assert "Vertson" in page and "Kyphman" not in page


def test_without_an_earlier_search_the_box_shows_no_specialists(
    client, article, vertebroplasty
):
    make_specialist(procedures=[vertebroplasty])
    page = client.get("/articles/cement/").content.decode()
    assert '<li class="result"' not in page
    assert 'value=""' in page.split('id="location-vertebroplasty"')[1][:80]


def test_after_a_search_the_box_shows_the_three_nearest_with_the_notice(
    client, article, vertebroplasty
):
    for miles_north, name in ((0.05, "Near"), (0.1, "Middle"), (0.2, "Far")):
        make_specialist(
            last_name=name,
            procedures=[vertebroplasty],
            locations=[make_location(latitude=40.444 + miles_north)],
        )
    make_specialist(last_name="Farthest", procedures=[vertebroplasty])
    make_specialist(
        last_name="Philly",
        procedures=[vertebroplasty],
        locations=[make_location(**PHILADELPHIA_19104)],
    )
    client.get("/find/", {"location": "15213"})

    page = client.get("/articles/cement/").content.decode()
    box = page.split('<h2 id="find-vertebroplasty">')[1]
    assert 'value="15213"' in box.split("</form>")[0]
    results = box.split('<li class="result"')[1:]
    assert len(results) == 3
    assert all("do not endorse" in result for result in results)
    assert "Philly" not in box  # 250 miles away
    assert "Nearest to Pittsburgh, PA 15213" in box


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


# Referral counts


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


def test_a_search_with_an_invalid_place_is_not_counted(client, article):
    """A script sending `from` with nonsense must not raise an article's count."""
    for place in ("Atlantis, ZZ", "15213-38901", "x" * 300):
        client.get(
            "/find/",
            {"procedure": "vertebroplasty", "location": place, "from": "cement"},
        )
    assert not ArticleReferral.objects.exists()


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


def test_referrals_to_a_draft_article_are_not_counted(kyphoplasty):
    make_article(slug="draft", published=None, procedures=[kyphoplasty])
    assert record_referral(article_slug="draft", procedure=kyphoplasty) is False
    assert not ArticleReferral.objects.exists()


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


def test_counts_are_shown_read_only_to_admins(staff_client, article, kyphoplasty):
    record_referral(article_slug="cement", procedure=kyphoplasty)
    changelist = staff_client.get(reverse("admin:articles_articlereferral_changelist"))
    assert changelist.status_code == 200
    assert "Cement for a broken vertebra" in changelist.content.decode()
    assert (
        staff_client.get(reverse("admin:articles_articlereferral_add")).status_code
        == 403
    )
    referral = ArticleReferral.objects.get()
    change_url = reverse("admin:articles_articlereferral_change", args=[referral.pk])
    staff_client.post(change_url, {"count": "999"})
    referral.refresh_from_db()
    assert referral.count == 1


def test_anonymous_visitors_cannot_see_the_counts(client):
    response = client.get(reverse("admin:articles_articlereferral_changelist"))
    assert response.status_code == 302


# Back from the finder


def test_procedure_page_lists_the_articles_that_discuss_it(client, article):
    make_article(slug="hidden", title="Hidden draft", published=None)
    page = client.get("/procedures/kyphoplasty/").content.decode()
    assert 'href="/articles/cement/">Cement for a broken vertebra</a>' in page
    assert "Hidden draft" not in page


def test_profile_links_to_articles_about_its_procedures(
    client, article, vertebroplasty, kyphoplasty
):
    other = make_procedure(name="Laminectomy", slug="laminectomy")
    make_article(slug="lami", title="About laminectomy", procedures=[other])
    specialist = make_specialist(procedures=[vertebroplasty, kyphoplasty])
    page = client.get(specialist.get_absolute_url()).content.decode()
    section = page.split("Read about these procedures")[1]
    assert section.count('href="/articles/cement/"') == 1  # once, not per procedure
    assert "About laminectomy" not in page


def test_profile_query_count_does_not_grow_with_articles(client):
    procedures = [make_procedure() for _ in range(2)]
    specialist = make_specialist(procedures=procedures)
    make_article(procedures=procedures)

    def queries_for_profile() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(specialist.get_absolute_url()).status_code == 200
        return len(queries)

    few = queries_for_profile()
    more = [make_procedure() for _ in range(6)]
    specialist.procedures.add(*more)
    for procedure in more:
        make_article(procedures=[procedure, procedures[0]])
    assert queries_for_profile() == few


# The template tags


def render(template: str, **context) -> str:
    return Template("{% load finder %}" + template).render(Context(context))


def test_finder_url_builds_the_stable_link(kyphoplasty):
    assert reverse("directory:find") == "/find/"
    assert render('{% finder_url "kyphoplasty" %}') == "/find/?procedure=kyphoplasty"
    url = render(
        '{% finder_url p location="Pittsburgh, PA" from="cement" telehealth=True %}',
        p=kyphoplasty,
    )
    assert url == (
        "/find/?procedure=kyphoplasty&amp;location=Pittsburgh%2C+PA&amp;from=cement"
        "&amp;telehealth=true"
    )


def test_finder_url_uses_the_configured_base_for_other_sites(settings):
    settings.FINDER_BASE_URL = "https://finder.example.org/"
    assert render('{% finder_url "acdf" %}') == (
        "https://finder.example.org/find/?procedure=acdf"
    )


def test_finder_link_names_the_procedure(kyphoplasty):
    html = render("{% finder_link p %}", p=kyphoplasty)
    assert html == (
        '<a class="finder-link" href="/find/?procedure=kyphoplasty">'
        "Find a specialist who performs kyphoplasty near you</a>"
    )
    assert ">Find a specialist near you</a>" in render('{% finder_link "acdf" %}')


def test_finder_url_refuses_an_unknown_parameter():
    with pytest.raises(TemplateSyntaxError, match="no parameter zip"):
        render('{% finder_url "acdf" zip="15213" %}')

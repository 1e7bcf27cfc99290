"""Article pages, their finder boxes, referral counts and links back from the finder."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import (
    PHILADELPHIA_19104,
    make_article,
    make_location,
    make_procedure,
    make_specialist,
)

pytestmark = pytest.mark.django_db


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


def test_each_procedure_gets_a_finder_box_carrying_procedure_and_article(
    client, article, kyphoplasty
):
    # A name unlike its slug, so the box is seen to name the procedure as
    # readers know it and to send the slug.
    kyphoplasty.name = "Balloon Kyphoplasty"
    kyphoplasty.save()
    page = client.get("/articles/cement/").content.decode()
    for slug, name in (
        ("vertebroplasty", "vertebroplasty"),
        ("kyphoplasty", "balloon kyphoplasty"),
    ):
        box = page.split(f'<h2 id="find-{slug}">')[1].split("</form>")[0]
        assert f"Find a specialist who performs {name} near you" in box
        assert f"Find {name} specialists</button>" in box
        assert 'action="/find/"' in box and 'method="get"' in box
        assert f'name="procedure" value="{slug}"' in box
        assert 'name="from" value="cement"' in box
        assert 'name="location"' in box
        assert f'<label for="location-{slug}">' in box


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

    queries_for_profile()  # the first request of a window creates its count
    few = queries_for_profile()
    more = [make_procedure() for _ in range(6)]
    specialist.procedures.add(*more)
    for procedure in more:
        make_article(procedures=[procedure, procedures[0]])
    assert queries_for_profile() == few

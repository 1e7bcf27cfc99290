"""A reader goes from an article to nearby specialists and back, in Chromium."""

import re
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from playwright.sync_api import expect

from articles.demo import load_demo_articles
from articles.models import ArticleReferral
from providers.demo.loader import load_demo_data
from tests.e2e.conftest import assert_phone_friendly, serious_violations
from tests.factories import make_article

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]

ARTICLE = "/articles/vertebroplasty-and-kyphoplasty/"


@pytest.fixture
def demo(transactional_db):
    load_demo_data()
    load_demo_articles()


@pytest.fixture
def article_with_listings(pittsburgh_listings):
    """A published article about kyphoplasty, beside the Pittsburgh listings."""
    kyphoplasty = pittsburgh_listings["Okafor"].procedures.get(slug="kyphoplasty")
    return make_article(
        slug="kyphoplasty-guide",
        title="A guide to kyphoplasty",
        body="## What it is\n\nA balloon, then cement.\n\n*Not medical advice.*",
        procedures=[kyphoplasty],
    )


def test_reader_goes_from_the_article_to_nearby_specialists_and_back(
    page, live_server, demo, csp_violations
):
    page.goto(live_server.url + ARTICLE)
    box = page.locator(".article-box").filter(
        has=page.get_by_role("heading", name=re.compile("performs vertebroplasty"))
    )
    box.get_by_label("ZIP code, city or address").fill("15213")
    box.get_by_role("button", name="Find vertebroplasty specialists").click()

    expect(page).to_have_url(re.compile(r"/find/\?"))
    assert "procedure=vertebroplasty" in page.url
    assert "location=15213" in page.url
    assert "from=vertebroplasty-and-kyphoplasty" in page.url
    expect(page.locator("#results-heading")).to_contain_text(
        "who perform vertebroplasty within 25 miles of Pittsburgh, PA 15213"
    )
    results = page.locator(".result")
    assert results.count() > 0
    for result in results.all():
        expect(result.locator("mark")).to_have_text("Vertebroplasty")
        expect(result.locator(".notice")).to_contain_text("do not endorse")
    # The demo's listings sit at their ZIPs' centres: "In ZIP 15203, about 2
    # miles away (measured to the ZIP's centre)", "under a mile away".
    miles = [
        0 if "under a mile" in text else float(re.search(r"([\d.]+) miles?", text)[1])
        for text in page.locator(".distance").all_inner_texts()
    ]
    assert miles == sorted(miles) and miles[-1] <= 25
    referral = ArticleReferral.objects.get()
    assert (referral.article.slug, referral.procedure.slug, referral.count) == (
        "vertebroplasty-and-kyphoplasty",
        "vertebroplasty",
        1,
    )

    first = results.first.locator("h3 a")
    name = first.inner_text()
    first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    page.get_by_role(
        "link", name="Vertebroplasty and kyphoplasty: cement for a broken vertebra"
    ).click()

    expect(page).to_have_url(live_server.url + ARTICLE)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Vertebroplasty")
    # The place searched earlier in this visit: the nearest specialists are shown.
    expect(box.locator(".result")).to_have_count(3)
    expect(box.get_by_label("ZIP code, city or address")).to_have_value("15213")
    assert csp_violations == []


def test_article_box_works_without_javascript(browser, live_server, demo):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + ARTICLE)
    page.locator("#location-kyphoplasty").fill("Pittsburgh, PA")
    page.get_by_role("button", name="Find kyphoplasty specialists").click()
    expect(page.locator("#results-heading")).to_contain_text("who perform kyphoplasty")
    context.close()


@pytest.mark.parametrize(
    "path",
    [
        "/articles/",
        "/articles/kyphoplasty-guide/",
        "/embed/finder/?procedure=kyphoplasty",
        "/embed/finder/?procedure=kyphoplasty&location=15213",
        "/embed/finder/?procedure=nope&location=Atlantis",
    ],
)
def test_article_and_widget_pages_are_accessible_and_phone_friendly(
    page, live_server, article_with_listings, csp_violations, path
):
    # A search first, so the article page also shows its nearest specialists.
    page.goto(live_server.url + "/find/?location=15213")
    page.goto(live_server.url + path)
    if path.startswith("/articles/kyphoplasty-guide/"):
        expect(page.locator(".article-box .result")).to_have_count(3)
    assert serious_violations(page) == []
    assert_phone_friendly(page)
    assert csp_violations == []


@pytest.fixture
def news_site(live_server):
    """Another site whose page frames the widget; yields that site's origin.

    A tiny server on this machine (Chromium refuses to let a page that did not
    come from the local network frame a local one, and no network exists here).
    """
    widget = live_server.url + "/embed/finder/?procedure=kyphoplasty"
    html = (
        "<!doctype html><html lang='en'><title>News</title><h1>News</h1>"
        f"<iframe src='{widget}' title='Find a specialist'></iframe></html>"
    ).encode()

    class NewsPage(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(html)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), NewsPage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_a_configured_site_can_show_the_widget_in_a_frame(
    page, news_site, settings, article_with_listings
):
    settings.EMBED_ALLOWED_ORIGINS = [news_site]
    page.goto(news_site + "/story")
    frame = page.frame_locator("iframe")
    expect(frame.get_by_role("heading", level=1)).to_have_text(
        "Find a specialist who performs kyphoplasty near you"
    )
    expect(frame.locator(".notice").first).to_contain_text("do not endorse")


def test_a_site_not_configured_cannot_frame_the_widget(
    page, news_site, settings, article_with_listings
):
    settings.EMBED_ALLOWED_ORIGINS = ["https://someone-else.example.com"]
    # Chromium reports the refusal on the console once it has blocked the frame.
    with page.expect_console_message(lambda msg: "frame-ancestors" in msg.text):
        page.goto(news_site + "/story")
    assert "Find a specialist who performs" not in page.frames[1].content()

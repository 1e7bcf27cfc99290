"""Article bodies: Markdown rendered, and anything unsafe taken out."""

import pytest
from django.test import Client

from articles.rendering import render_markdown
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def render_body(body: str) -> str:
    """The article body as a reader's browser receives it."""
    article = make_article(slug="unsafe", body=body)
    page = Client().get(article.get_absolute_url()).content.decode()
    return page.split('<div class="article-body">')[1]


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


@pytest.mark.parametrize("tag", ["<style>", "<script>", "<textarea>", "<title>"])
def test_an_unclosed_raw_text_tag_does_not_swallow_the_rest(tag):
    html = render_markdown(f"Intro.\n\n{tag}\n\nThe rest of the article.\n\n## Next\n")
    assert "<p>The rest of the article.</p>" in html
    assert "<h2>Next</h2>" in html
    assert tag not in html


def test_closed_scripts_and_styles_go_with_their_content():
    html = render_markdown("A <script>alert(1)</script> b <style>p{}</style> c.")
    assert "alert" not in html and "p{}" not in html
    assert html == "<p>A  b  c.</p>"


@pytest.mark.parametrize(
    "opening",
    ["<math><style>", "<svg><style>", "<math>", "<svg>", "<template>", "<div>"],
)
def test_an_unclosed_foreign_tag_leaves_the_rest_of_the_article_rendered(opening):
    body = render_body(f"Before\n\n{opening}\n\nAfter **this**\n\n## Then a heading")
    assert "<strong>this</strong>" in body
    assert "<h2>Then a heading</h2>" in body
    assert "<math" not in body and "<svg" not in body and "<template" not in body


def test_autolinks_are_not_taken_for_tags():
    html = render_markdown("See <https://example.org/spine>.")
    assert 'href="https://example.org/spine"' in html

"""An article body: Markdown made safe, and nothing of the article lost."""

import pytest

from articles.rendering import render_markdown


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

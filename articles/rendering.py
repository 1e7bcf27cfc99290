"""An article's Markdown body as HTML that cannot run script."""

import re

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "dl", "dt", "em", "h2",
    "h3", "h4", "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "strong", "sub",
    "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}


def render_markdown(text: str) -> SafeString:
    """Markdown, then nh3 keeps only plain formatting tags and http(s), mailto
    and tel links."""
    html = markdown.markdown(text, extensions=["tables", "sane_lists"])
    # The article's title is the page's one <h1>; a "# heading" in the body
    # becomes the next level down rather than a second title.
    html = re.sub(r"<(/?)h1\b", r"<\1h2", html)
    # Safe to mark: nh3 has just removed everything that could run.
    return mark_safe(
        nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes=ALLOWED_URL_SCHEMES,
        )
    )

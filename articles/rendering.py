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

# The HTML parser reads what follows these tags as raw text up to their end tag:
# one left open would swallow the rest of the article. Scripts and styles that
# are closed go with their content; every other such tag goes, its text stays.
CODE_BLOCK = re.compile(
    r"<(script|style)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL
)
RAW_TEXT_TAG = re.compile(
    r"</?(?:script|style|textarea|title|xmp|iframe|noembed|noframes|noscript"
    r"|plaintext)\b[^>]*>",
    re.IGNORECASE,
)

# Any other tag opens a block that Markdown, or the HTML parser, may read to its
# end tag: an unclosed <div>, <math>, <svg> or <template> left the rest of the
# article unrendered or gone. So tags off the allow-list go before Markdown
# reads the text (what they held stays, as text). Autolinks such as
# <https://example.org> are not tags: a name followed by ":" is left alone.
OTHER_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])[^>]*>")


def _without_other_tags(text: str) -> str:
    return OTHER_TAG.sub(
        lambda tag: tag.group(0) if tag.group(1).lower() in ALLOWED_TAGS else "",
        text,
    )


def render_markdown(text: str) -> SafeString:
    """Markdown, then nh3 keeps only plain formatting tags and http(s), mailto
    and tel links."""
    # Before Markdown too: an open raw-text tag would also stop Markdown from
    # reading what follows it.
    text = _without_other_tags(RAW_TEXT_TAG.sub("", CODE_BLOCK.sub("", text)))
    html = markdown.markdown(text, extensions=["tables", "sane_lists"])
    # The article's title is the page's one <h1>; a "# heading" in the body
    # becomes the next level down rather than a second title.
    html = re.sub(r"<(/?)h1\b", r"<\1h2", html)
    html = RAW_TEXT_TAG.sub("", CODE_BLOCK.sub("", html))
    # Safe to mark: nh3 has just removed everything that could run.
    return mark_safe(
        nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes=ALLOWED_URL_SCHEMES,
        )
    )

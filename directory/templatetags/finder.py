"""Template tags that link to the Specialist Finder: its search and its widget.

Self-contained on purpose (no database, no URL names): another Django site can
copy this file into one of its apps' `templatetags/` folders and set
`FINDER_BASE_URL = "https://finder.example.org"` in its settings. Here the base
is empty, so links are relative. The paths and parameters are the finder's
stable link format (docs/linking-and-widget.md); they do not change.
"""

from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

FINDER_PATH = "/find/"
WIDGET_PATH = "/embed/finder/"
PARAMETERS = (
    "location",
    "radius",
    "procedure",
    "specialty",
    "q",
    "accepting_new_patients",
    "telehealth",
    "language",
    "sort",
    "page",
    "from",
)


def _slug(procedure) -> str:
    return getattr(procedure, "slug", procedure) or ""


def _query(params: dict) -> str:
    unknown = set(params) - set(PARAMETERS)
    if unknown:
        raise template.TemplateSyntaxError(
            f"The finder has no parameter {', '.join(sorted(unknown))}; "
            f"use {', '.join(PARAMETERS)}."
        )
    values = {
        name: "true" if value is True else value
        for name, value in params.items()
        if value not in (None, "", False)
    }
    return urlencode(values)


def _base(context=None) -> str:
    base = getattr(settings, "FINDER_BASE_URL", "").rstrip("/")
    if not base and context is not None and (request := context.get("request")):
        base = f"{request.scheme}://{request.get_host()}"
    return base


@register.simple_tag
def finder_url(procedure=None, **params) -> str:
    """The finder's search URL, e.g. {% finder_url "kyphoplasty" location="15213" %}.

    `procedure` is a slug or anything with a `slug`; keyword arguments are the
    other link parameters, `from` naming the article the reader came from.
    """
    query = _query({"procedure": _slug(procedure), **params})
    return f"{_base()}{FINDER_PATH}" + (f"?{query}" if query else "")


@register.simple_tag
def finder_link(procedure, text="", **params) -> str:
    """A link to the finder for `procedure`, e.g. {% finder_link "kyphoplasty" %}.

    The text names the procedure when it has a `name`, unless `text` is given.
    """
    name = getattr(procedure, "name", "")
    if not text:
        text = (
            f"Find a specialist who performs {name.lower()} near you"
            if name
            else "Find a specialist near you"
        )
    return format_html(
        '<a class="finder-link" href="{}">{}</a>',
        finder_url(procedure, **params),
        text,
    )


@register.simple_tag(takes_context=True)
def finder_widget_url(context, procedure=None) -> str:
    """The absolute address of the embeddable widget for `procedure`."""
    query = _query({"procedure": _slug(procedure)})
    return f"{_base(context)}{WIDGET_PATH}" + (f"?{query}" if query else "")


@register.simple_tag(takes_context=True)
def finder_iframe(context, procedure=None) -> str:
    """The iframe that shows the widget for `procedure` on another site's page."""
    name = getattr(procedure, "name", "")
    title = (
        f"Find a specialist who performs {name.lower()} near you"
        if name
        else "Find a specialist near you"
    )
    return format_html(
        '<iframe src="{}" title="{}" {}></iframe>',
        finder_widget_url(context, procedure),
        title,
        mark_safe('width="360" height="520" loading="lazy"'),
    )

"""Article pages, and what a search remembers for them."""

import re

import markdown
import nh3
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET

from directory.filters import SpecialistFilter
from directory.results import SearchResult, first_results
from geo.geocoding import GeocodingError, Place, geocode
from providers.models import Article, Procedure, SearchEntry
from providers.services_articles import record_referral

# The only thing about a reader the site keeps, and only for their visit (the
# session): the place they typed, so article boxes can show who is near it.
REMEMBERED_LOCATION = "finder_location"
NEARBY_RADIUS_MI = 50
NEARBY_COUNT = 3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "dl", "dt", "em", "h2",
    "h3", "h4", "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "strong", "sub",
    "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}


def render_markdown(text: str) -> SafeString:
    """An article body as HTML that cannot run script: Markdown, then nh3 keeps
    only plain formatting tags and http(s), mailto and tel links."""
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


@require_GET
def article_index(request: HttpRequest) -> HttpResponse:
    """Every published article, by title."""
    articles = Article.objects.published().prefetch_related("procedures")
    return render(request, "articles/index.html", {"articles": articles})


@require_GET
def article(request: HttpRequest, slug: str) -> HttpResponse:
    """One article, with a finder box for each procedure it discusses."""
    article = get_object_or_404(
        Article.objects.published().prefetch_related("procedures"), slug=slug
    )
    remembered = request.session.get(REMEMBERED_LOCATION, "")
    place = _place(remembered)
    boxes = [
        {"procedure": procedure, "nearby": _nearby(procedure, place)}
        for procedure in article.procedures.all()
    ]
    return render(
        request,
        "articles/article.html",
        {
            "article": article,
            "body": render_markdown(article.body),
            "boxes": boxes,
            "remembered_location": remembered,
            "place": place,
            "nearby_radius": NEARBY_RADIUS_MI,
        },
    )


def after_search(request: HttpRequest, filterset: SpecialistFilter) -> None:
    """What /find/ does for articles once a search is made: remember the place
    typed for this visit, and count the search for the article it came from
    (the `from` parameter) on its first page only, so paging is not counted."""
    valid = filterset.is_valid()
    data = filterset.form.cleaned_data
    typed = request.GET.get("location", "").strip()
    # Written only when it changes: each write is a database round trip.
    changed = request.session.get(REMEMBERED_LOCATION) != typed
    if valid and data.get("location") is not None and changed:
        request.session[REMEMBERED_LOCATION] = typed
        if not request.user.is_authenticated:
            request.session.set_expiry(0)  # forgotten when the browser closes
    procedure = data.get("procedure")
    article_slug = request.GET.get("from", "")
    if article_slug and procedure and (data.get("page") or 1) == 1:
        record_referral(article_slug=article_slug, procedure=procedure)


def _place(text: str) -> Place | None:
    if not text:
        return None
    try:
        return geocode(text)
    except GeocodingError:
        return None


def _nearby(procedure: Procedure, place: Place | None) -> list[SearchResult]:
    if place is None:
        return []
    search = SearchEntry.objects.performing(procedure).near(
        place.point, radius_mi=NEARBY_RADIUS_MI
    )
    return first_results(search, NEARBY_COUNT)

"""Article pages: the index and one article with its finder boxes."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from articles.models import Article
from articles.rendering import render_markdown
from articles.search import REMEMBERED_LOCATION
from directory.results import SearchResult, first_results
from geo.geocoding import GeocodingError, Place, geocode
from providers.models import Procedure, SearchEntry

NEARBY_RADIUS_MI = 50
NEARBY_COUNT = 3


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

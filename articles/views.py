"""Article pages: the index and one article with its finder boxes."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from articles.models import Article
from articles.rendering import render_markdown
from articles.search import remembered_place
from geo.geocoding import GeocodingError, Place, geocode

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
    remembered = remembered_place(request)
    place = _place(remembered)
    # Each box lists who is near the remembered place through the public
    # app's `nearest_specialists` tag: the article knows nothing of the search.
    boxes = [{"procedure": procedure} for procedure in article.procedures.all()]
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
            "nearby_count": NEARBY_COUNT,
        },
    )


def _place(text: str) -> Place | None:
    if not text:
        return None
    try:
        return geocode(text)
    except GeocodingError:
        return None

"""Who is near a place, for pages outside the search (an article's finder boxes)."""

from django import template

from directory.results import SearchResult, first_results
from providers.models import Procedure, SearchEntry

register = template.Library()


@register.simple_tag
def nearest_specialists(
    procedure: Procedure, place, *, radius_mi: float, count: int
) -> list[SearchResult]:
    """The `count` nearest specialists who perform `procedure` within
    `radius_mi` miles of `place` (a `geo.geocoding.Place`), as search results;
    none when there is no place. Two queries."""
    if place is None:
        return []
    search = SearchEntry.objects.performing(procedure).near(
        place.point, radius_mi=radius_mi
    )
    return first_results(search, count, point=place.point)

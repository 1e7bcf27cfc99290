"""The map of a page's locations: its box and its scripts (js/map.js draws it)."""

from django import template
from django.conf import settings

from directory.basemap import basemap_info

register = template.Library()


def _basemap() -> dict | None:
    """The site's own basemap, unless an operator's tile server replaces it."""
    return None if settings.MAP_TILE_URL else basemap_info()


@register.inclusion_tag("includes/map.html")
def map_box(map_id: str, center=None) -> dict:
    """The (hidden until drawn) map box, centred on a search's point if given."""
    basemap = _basemap()
    return {
        "map_id": map_id,
        "center": center,
        "tile_url": settings.MAP_TILE_URL,
        "basemap": basemap,
        "attribution": settings.MAP_TILE_ATTRIBUTION
        or (basemap["attribution"] if basemap else ""),
    }


@register.inclusion_tag("includes/map_scripts.html")
def map_scripts() -> dict:
    return {"basemap": _basemap()}

"""Template context shared by every page."""

from django.conf import settings

from web.notice import NOTICE_TEXT


def site(request):
    return {
        "site_name": settings.SITE_NAME,
        "notice_text": NOTICE_TEXT,
        "map_tile_url": settings.MAP_TILE_URL,
        "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION,
    }

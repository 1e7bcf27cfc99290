"""A small fixed-window rate limit for public forms, counted in Django's cache."""

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 60 * 60


def client_address(request) -> str:
    """The client's address. Behind a proxy, REMOTE_ADDR must be set from the
    proxy's header by the server (e.g. gunicorn's forwarded_allow_ips)."""
    return request.META.get("REMOTE_ADDR", "")


def over_limit(request, action: str) -> bool:
    """Count one use of `action` from this address; True once past the limit
    (REPORTS_PER_HOUR an hour). One cache round trip, two on the first use."""
    key = f"ratelimit:{action}:{client_address(request)}"
    if cache.add(key, 1, WINDOW_SECONDS):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, WINDOW_SECONDS)
        return False
    return count > settings.REPORTS_PER_HOUR

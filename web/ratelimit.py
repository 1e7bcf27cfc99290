"""Per-client limits on the public endpoints, counted in the shared cache.

Each limit is a fixed window (a minute, or an hour for reports) per client and
scope, counted in the cache; past the limit the answer is 429 with Retry-After,
the seconds left in the window. The cache key holds a keyed hash of the
client's address, never the address itself.
"""

import ipaddress
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac

from web.errors import too_many_requests

logger = logging.getLogger(__name__)

MINUTE = 60

# URL names and the setting that limits each; every other page, the PAGE limit.
SCOPES = {
    "directory:find": "SEARCH_REQUESTS_PER_MINUTE",
    "directory:embed_finder": "WIDGET_REQUESTS_PER_MINUTE",
    "api-schema": "API_REQUESTS_PER_MINUTE",
    "api-docs": "API_REQUESTS_PER_MINUTE",
}
# Machines' APIs, each with its own limit: FHIR clients page through whole
# result sets (100 resources a request), so FHIR's is its own setting.
NAMESPACES = {"api": "API_REQUESTS_PER_MINUTE", "fhir": "FHIR_REQUESTS_PER_MINUTE"}
# Load balancers ask /healthz often, and it must always answer; the basemap
# archive is read like a static file (a few range requests at each move of a
# map), and static files are never counted either.
UNLIMITED = {"healthz", "directory:basemap"}


def client_address(request) -> str:
    """The client's IP address.

    REMOTE_ADDR, unless it is one of TRUSTED_PROXIES: then X-Forwarded-For,
    read from the right, gives the first address that is not a trusted proxy
    (what the outermost trusted proxy saw). Anything left of it could have been
    written by the client, so it is never read.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    if not _trusted(remote):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for address in reversed([a.strip() for a in forwarded if a.strip()]):
        if not _valid(address):
            return remote
        if not _trusted(address):
            return address
    return remote


def _valid(address: str) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


def _trusted(address: str) -> bool:
    if not settings.TRUSTED_PROXIES or not _valid(address):
        return False
    ip = ipaddress.ip_address(address)
    return any(ip in network for network in settings.TRUSTED_PROXIES)


def hit(request, scope: str, *, limit: int, window: int = MINUTE) -> int | None:
    """Count one request from this client in `scope`.

    None while within `limit` a window (0 means no limit); past it, the
    seconds until the window ends. Counted atomically (Redis INCR, or a locked
    row of the database cache: web/cache.py), so concurrent requests never
    share a count: one cache operation (with the database cache, a locked
    read, then an update or an insert; with Redis, INCR and EXPIRE NX).
    """
    if limit <= 0:
        return None
    now = time.time()
    start = int(now // window) * window
    client = salted_hmac("ratelimit", client_address(request)).hexdigest()[:32]
    key = f"limit:{scope}:{start}:{client}"
    left = int(start + window - now) + 1
    if hasattr(cache, "count"):  # ours, the database's or Redis (web/cache.py)
        count = cache.count(key, left)
    else:  # another backend (locmem://): its own atomic add and incr
        try:
            count = cache.incr(key)
        except ValueError:  # the client's first request of the window
            count = 1 if cache.add(key, 1, left) else cache.incr(key)
    return left if count > limit else None


class RateLimitMiddleware:
    """Answers 429 to a client past its limit for the page it asks for."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.view_name in UNLIMITED:
            return None
        if match.view_name.startswith("admin:"):
            return None  # staff only; its sign-in is the site's (throttled) one
        if match.namespace in NAMESPACES:
            setting = NAMESPACES[match.namespace]
        else:
            setting = SCOPES.get(match.view_name, "PAGE_REQUESTS_PER_MINUTE")
        try:
            retry_after = hit(request, setting, limit=getattr(settings, setting))
        except Exception:
            # Redis has moved to the database's cache (web/cache.py); this is
            # the database itself failing, which the page will meet and answer
            # with 503. Serve it rather than refuse everyone here.
            logger.warning("Rate limit not counted: the cache is unavailable.")
            return None
        if retry_after is None:
            return None
        return too_many_requests(request, retry_after)

"""/healthz: whether the site can reach its database and its shared cache."""

import logging

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from web.cache import cache_status
from web.errors import DATABASE_RETRY_AFTER

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def healthz(request):
    """The database and the cache, each "ok" or "unavailable".

    200 with "status": "ok" when both answer; 200 with "status": "degraded"
    when only Redis is away (the site serves, counting its limits in the
    database meanwhile); 503 "unavailable" when the database is away. One
    query, and one Redis PING when Redis is the cache (at most its timeout).
    """
    cache = cache_status()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        logger.warning("Health check: the database is unavailable: %s", error)
        return JsonResponse(
            {"status": "unavailable", "database": "unavailable", "cache": cache},
            status=503,
            headers={"Retry-After": str(DATABASE_RETRY_AFTER)},
        )
    status = "ok" if cache == "ok" else "degraded"
    return JsonResponse({"status": status, "database": "ok", "cache": cache})

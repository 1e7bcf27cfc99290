"""/healthz: whether the site can reach its database, for load balancers."""

import logging

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from web.errors import DATABASE_RETRY_AFTER

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def healthz(request):
    """200 {"status": "ok"} when the database answers; else 503 (one query)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        logger.warning("Health check: the database is unavailable: %s", error)
        return JsonResponse(
            {"status": "unavailable", "database": "unavailable"},
            status=503,
            headers={"Retry-After": str(DATABASE_RETRY_AFTER)},
        )
    return JsonResponse({"status": "ok", "database": "ok"})

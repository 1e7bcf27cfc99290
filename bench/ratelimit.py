"""Times one rate-limit count (web.ratelimit.hit) against the configured
cache, beside a bare `SELECT 1` on the same connection in the same run.

    DEBUG=true .venv/bin/python bench/ratelimit.py [--hits 1000]
    CACHE_URL=redis://127.0.0.1:6379/0 DEBUG=true .venv/bin/python bench/ratelimit.py
"""

import argparse
import os
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--hits", type=int, default=1000)
    args = parser.parse_args()
    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext

    from web.ratelimit import hit

    factory = RequestFactory()
    clients = [
        factory.get("/find/", REMOTE_ADDR=f"10.0.{n // 250}.{n % 250}")
        for n in range(500)
    ]
    with CaptureQueriesContext(connection) as queries:
        hit(clients[0], "bench", limit=10**9)
    for request in clients:  # warm up: every client's counter exists
        hit(request, "bench", limit=10**9)
    started = time.perf_counter()
    for n in range(args.hits):
        hit(clients[n % len(clients)], "bench", limit=10**9)
    per_hit = (time.perf_counter() - started) * 1000 / args.hits
    with connection.cursor() as cursor:
        started = time.perf_counter()
        for _ in range(args.hits):
            cursor.execute("SELECT 1")
        per_select = (time.perf_counter() - started) * 1000 / args.hits
    print(f"cache: {settings.CACHES['default']['BACKEND']}")
    print(f"database queries a hit: {len(queries)}")
    print(f"one hit: {per_hit:.2f} ms; SELECT 1: {per_select:.2f} ms (same run)")


if __name__ == "__main__":
    main()

"""The shared cache: counts that add up under load, and Redis that may fail.

Rate limits and sign-in throttling count here. `DatabaseCache` adds an
atomic `incr` to Django's (whose `incr` reads, then writes: two workers
counting at once lose one). `RedisCache` is Django's, with short socket
timeouts, that moves to the database's cache table while Redis is down or
slow: limits keep counting there, so they hold (sign-in lockouts included)
and nothing answers 500 because Redis is away. `cache_status()` says which,
for /healthz.
"""

import base64
import logging
import pickle
import random
import time
from datetime import UTC, datetime

import redis
from django.core.cache import caches
from django.core.cache.backends import db
from django.core.cache.backends import redis as django_redis
from django.db import connections, router, transaction

logger = logging.getLogger(__name__)

# One new counter in this many deletes the expired ones (Django's own culling
# runs only on set(), which counting never calls).
CULL_CHANCE = 0.01
# The alias of the database cache table that stands in for Redis.
FALLBACK = "fallback"
# After Redis fails, this process leaves it alone this long before asking it
# again, so a dead Redis costs one timeout every few seconds, not every request.
RETRY_REDIS_AFTER = 5.0


class DatabaseCache(db.DatabaseCache):
    """Django's database cache, with an `incr` that never loses a count."""

    def incr(self, key, delta=1, version=None):
        """One locked read and one write, in a transaction: concurrent
        increments of one key wait for each other."""
        key = self.make_and_validate_key(key, version=version)
        alias = router.db_for_write(self.cache_model_class)
        connection = connections[alias]
        table = connection.ops.quote_name(self._table)
        with transaction.atomic(using=alias), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT value, expires FROM {table} WHERE cache_key = %s FOR UPDATE",
                [key],
            )
            row = cursor.fetchone()
            if row is None or _expired(row[1]):
                raise ValueError(f"Key '{key}' not found.")
            value = pickle.loads(base64.b64decode(row[0].encode())) + delta
            cursor.execute(
                f"UPDATE {table} SET value = %s WHERE cache_key = %s",
                [self._encode(value), key],
            )
        return value

    def count(self, key, timeout: int, version=None) -> int:
        """Add one to the counter `key`, created (at 1, expiring in `timeout`
        seconds) when missing or expired; the new count. Two statements in a
        transaction whatever the case (a locked read, then an update or an
        insert), where `add` then `incr` costs five to eight."""
        key = self.make_and_validate_key(key, version=version)
        alias = router.db_for_write(self.cache_model_class)
        connection = connections[alias]
        table = connection.ops.quote_name(self._table)
        expires = datetime.fromtimestamp(time.time() + timeout, tz=UTC)
        with transaction.atomic(using=alias), connection.cursor() as cursor:
            for _ in range(2):
                cursor.execute(
                    f"SELECT value, expires FROM {table} WHERE cache_key = %s "
                    "FOR UPDATE",
                    [key],
                )
                row = cursor.fetchone()
                if row is not None and not _expired(row[1]):
                    value = pickle.loads(base64.b64decode(row[0].encode())) + 1
                    cursor.execute(
                        f"UPDATE {table} SET value = %s WHERE cache_key = %s",
                        [self._encode(value), key],
                    )
                    return value
                # Missing or expired: (re)start at 1. Of two first requests at
                # once, one inserts; the other finds its row and counts on.
                cursor.execute(
                    f"INSERT INTO {table} (cache_key, value, expires) "
                    "VALUES (%s, %s, %s) ON CONFLICT (cache_key) DO UPDATE "
                    f"SET value = EXCLUDED.value, expires = EXCLUDED.expires "
                    f"WHERE {table}.expires < now() RETURNING 1",
                    [key, self._encode(1), expires],
                )
                if cursor.fetchone() is not None:
                    if random.random() < CULL_CHANCE:
                        # Counters of past windows are never read again.
                        cursor.execute(f"DELETE FROM {table} WHERE expires < now()")
                    return 1
        raise RuntimeError(f"Could not count {key}.")

    def _encode(self, value) -> str:
        return base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode(
            "latin1"
        )


def _expired(expires: datetime) -> bool:
    if expires.tzinfo is None:
        expires = expires.replace(tzinfo=UTC)
    return expires < datetime.now(UTC)


# The calls that reach Redis; each falls back the same way.
_CALLS = (
    "add", "get", "set", "touch", "delete", "get_many", "has_key", "incr",
    "set_many", "delete_many", "clear",
)  # fmt: skip


class RedisCacheClient(django_redis.RedisCacheClient):
    """Django's, keeping one redis-py client a connection pool: Django's builds
    a new one for every call (a tenth of a millisecond of CPU, as much as the
    rate limit's whole count). A client holds nothing but its pool and is
    safe to share between threads."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    """Redis, or the database's cache table (the `fallback` cache) whenever
    Redis does not answer within its socket timeout."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
        self._redis_down_until = 0.0

    def redis_available(self) -> bool:
        """Whether Redis answers a PING now (one round trip, or the timeout)."""
        try:
            return bool(self._cache.get_client(write=True).ping())
        except redis.RedisError:
            return False

    def count(self, key, timeout: int, version=None) -> int:
        """Add one to the counter `key` (created at 1, expiring in `timeout`
        seconds, when missing); the new count. One round trip: INCR and
        EXPIRE NX in a pipeline."""
        return self._call("_count", key, timeout, version=version)

    def _count(self, key, timeout: int, version=None) -> int:
        key = self.make_and_validate_key(key, version=version)
        pipeline = self._cache.get_client(key, write=True).pipeline()
        pipeline.incr(key)
        pipeline.expire(key, timeout, nx=True)
        return pipeline.execute()[0]

    def _call(self, name, *args, **kwargs):
        if time.monotonic() >= self._redis_down_until:
            try:
                method = getattr(self, name) if name == "_count" else None
                return (method or getattr(super(), name))(*args, **kwargs)
            except redis.RedisError as error:
                self._redis_down_until = time.monotonic() + RETRY_REDIS_AFTER
                logger.warning(
                    "Redis is unavailable (%s); counting in the database for "
                    "the next %.0f s.",
                    type(error).__name__,
                    RETRY_REDIS_AFTER,
                )
        return getattr(caches[FALLBACK], name.lstrip("_"))(*args, **kwargs)


for _name in _CALLS:
    setattr(
        RedisCache,
        _name,
        (lambda name: lambda self, *a, **kw: self._call(name, *a, **kw))(_name),
    )


def cache_status() -> str:
    """ "ok", or "unavailable" when the shared cache (Redis) does not answer and
    its counts are kept in the database instead."""
    cache = caches["default"]
    if isinstance(cache, RedisCache):
        return "ok" if cache.redis_available() else "unavailable"
    return "ok"

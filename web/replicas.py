"""Reads from PostgreSQL streaming replicas, writes to the primary.

`DATABASE_REPLICA_URLS` lists the replicas (settings.REPLICA_DATABASES holds
their aliases). Only a web request that reads (GET, HEAD, OPTIONS) may be
served by a replica; anything else (a form sent, a management command, a
test, a shell) reads the primary. Whoever just wrote keeps reading the primary
for REPLICA_PIN_SECONDS, through a short-lived signed cookie, so a provider or
moderator who saved sees their own change even before the replica replays it.
"""

import random
from contextvars import ContextVar

from django.conf import settings

PRIMARY = "default"
PIN_COOKIE = "read_primary"
PIN_SALT = "web.replicas.pin"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")

_replica_allowed: ContextVar[bool] = ContextVar("replica_allowed", default=False)


class ReplicaRouter:
    """Routes reads to a random replica when the current request allows it."""

    def db_for_read(self, model, **hints) -> str:
        replicas = settings.REPLICA_DATABASES
        if replicas and _replica_allowed.get():
            return random.choice(replicas)
        return PRIMARY

    def db_for_write(self, model, **hints) -> str:
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True  # every alias holds the same data

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        return db == PRIMARY


class ReadYourWritesMiddleware:
    """Lets safe requests read from replicas, unless this browser wrote lately."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        allowed = request.method in SAFE_METHODS and not _pinned(request)
        token = _replica_allowed.set(allowed)
        try:
            response = self.get_response(request)
        finally:
            _replica_allowed.reset(token)
        if request.method not in SAFE_METHODS and settings.REPLICA_DATABASES:
            response.set_signed_cookie(
                PIN_COOKIE,
                "1",
                salt=PIN_SALT,
                max_age=settings.REPLICA_PIN_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response


def _pinned(request) -> bool:
    return (
        request.get_signed_cookie(
            PIN_COOKIE,
            default=None,
            salt=PIN_SALT,
            max_age=settings.REPLICA_PIN_SECONDS,
        )
        is not None
    )

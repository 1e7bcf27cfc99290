"""ASGI entry point."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_asgi_application()

# Web requests, and only they, give up on a statement after the timeout.
from web.timeouts import limit_web_requests  # noqa: E402

limit_web_requests()

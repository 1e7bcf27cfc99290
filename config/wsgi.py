"""WSGI entry point."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# Web requests, and only they, give up on a statement after the timeout.
from web.timeouts import limit_web_requests  # noqa: E402

limit_web_requests()

# Load the gazetteer (about 350,000 objects) before the first request, then
# move everything loaded so far out of the garbage collector's sight: a full
# collection over them took about 0.3 s, a tail on some unlucky request.
from geo.gazetteer import warm_up  # noqa: E402

warm_up()
gc.freeze()

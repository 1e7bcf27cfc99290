"""gunicorn's settings for `make production`; each can be set from the environment."""

import os

# Behind a reverse proxy on the same machine by default; BIND=0.0.0.0:8000 to
# listen on every interface.
bind = os.getenv("BIND", "127.0.0.1:8000")
# Searches are CPU-bound: about one worker a core, plus one.
workers = int(os.getenv("WEB_CONCURRENCY", str((os.cpu_count() or 1) + 1)))
# Longer than the database's statement timeout, so a slow query fails with a
# message before gunicorn kills the worker.
timeout = int(os.getenv("GUNICORN_TIMEOUT", "30"))
# Load the site once, before forking: workers share its memory.
preload_app = True
# The access log keeps when, what path and the answer: never the client's
# address, the query string (a ZIP code and a procedure say who looks for what)
# or the user agent. See docs/production.md.
accesslog = os.getenv("ACCESS_LOG", "-")
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
errorlog = "-"

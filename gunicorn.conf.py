"""gunicorn's settings for `make production`; each can be set from the environment."""

import logging
import os
import re

from gunicorn.glogging import Logger

# Behind a reverse proxy on the same machine by default; BIND=0.0.0.0:8000 to
# listen on every interface.
bind = os.getenv("BIND", "127.0.0.1:8000")
# Searches are CPU-bound: about one worker a core, plus one.
workers = int(os.getenv("WEB_CONCURRENCY", str((os.cpu_count() or 1) + 1)))
# Each worker serves a few requests at once in threads, so a request waiting
# on the database (a held lock, a slow query) does not hold up /healthz or a
# quick page behind it: with sync workers, three slow searches once kept the
# load balancer's health check waiting 15 s. While one thread waits the others
# run; CPU-bound searches still share the worker's core.
worker_class = "gthread"
threads = int(os.getenv("GUNICORN_THREADS", "4"))
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
# Addresses up to gunicorn's largest request line reach the site, which answers
# one longer than it reads (4,094 bytes) with 414 in the shape of what was asked
# for: JSON under /api/, an OperationOutcome under /fhir/, a page elsewhere.
# Only a line past 8,190 bytes gets gunicorn's own plain 414 (the README says so).
limit_request_line = 8190

# gunicorn's own error lines quote the request ("Error handling request GET
# /find/?location=..."), the client's address ("Invalid request from ip=...")
# and headers the application sent (a cookie holding a typed place): what the
# access log leaves out must not reach this one either.
QUERY = re.compile(r"(?<=[\w/.-])\?[^\s'\"]+")
ADDRESS = re.compile(r"\bip=\S*?(?=:?(\s|$))")
RESPONSE_HEADER = re.compile(r"(from the application: [^:\s]+).*", re.DOTALL)


def without_private_parts(text: str) -> str:
    """A log message without query strings, client addresses or header values."""
    text = RESPONSE_HEADER.sub(r"\1: (value not logged)", text)
    return ADDRESS.sub("ip=(not logged)", QUERY.sub("?(query not logged)", text))


class PrivateFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info:
            # Exception texts repeat what was sent and received.
            trace = logging.Formatter().formatException(record.exc_info)
            message = f"{message}\n{trace}"
            record.exc_info = record.exc_text = None
        record.msg, record.args = without_private_parts(message), ()
        return True


class PrivateLogger(Logger):
    """gunicorn's logger, whose error log says nothing about who asked what."""

    def setup(self, cfg):
        super().setup(cfg)
        self.error_log.addFilter(PrivateFilter())


logger_class = PrivateLogger

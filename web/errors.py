"""Error answers in the right shape: JSON under /api/, the site's pages elsewhere.

The pages are rendered without the request's context, so they never touch the
database or the session: a 500 or a 503 must render when those are the fault.
"""

import logging
import sys
from collections.abc import Callable

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.views.decorators.csrf import requires_csrf_token

from web.notice import NOTICE_TEXT

logger = logging.getLogger(__name__)

# Seconds a client is asked to wait when the database is away.
DATABASE_RETRY_AFTER = 30

PAGES = {
    400: ("Bad request", "The address of this page is not one we can read."),
    403: ("Not allowed", "You do not have access to this page."),
    404: (
        "Page not found",
        "There is no page at this address. It may have moved, or the link may "
        "have a typo.",
    ),
    406: (
        "Not acceptable",
        "This address cannot answer in the format your browser asked for.",
    ),
    414: (
        "Address too long",
        "The address of this page is longer than any search needs. Shorten what "
        "you typed and try again.",
    ),
    429: ("Too many requests", "Please wait a little before trying again."),
    500: (
        "Something went wrong",
        "The page could not be shown because of a fault on our side. It has "
        "been logged; please try again later.",
    ),
    503: (
        "Temporarily unavailable",
        "The directory cannot reach its database just now. Please try again in "
        "a minute: nothing you saved has been lost.",
    ),
}


# An API's own shape for its errors: a function of the status and the message
# that returns the response. Apps register theirs for the paths they serve (the
# JSON API its {"detail": ...}, FHIR its OperationOutcome); this module knows
# none of them.
ErrorShape = Callable[[int, str], HttpResponse]
_shapes: dict[str, ErrorShape] = {}
# Paths whose API answers a NUL character itself, in its own shape.
_answers_nul_itself: set[str] = set()


def register_error_shape(
    path_prefix: str, shape: ErrorShape, *, answers_nul_itself: bool = False
) -> None:
    """Answer errors under `path_prefix` (such as "/fhir/") with `shape`.
    Called from an app's `ready()`."""
    _shapes[path_prefix] = shape
    if answers_nul_itself:
        _answers_nul_itself.add(path_prefix)


def _shape_for(request: HttpRequest) -> ErrorShape | None:
    for prefix, shape in _shapes.items():
        if request.path_info.startswith(prefix):
            return shape
    return None


def error_response(
    request: HttpRequest,
    status: int,
    message: str | None = None,
    *,
    retry_after: int | None = None,
) -> HttpResponse:
    """The error `status` in the shape an app registered for the request's
    path (JSON under /api/, an OperationOutcome under /fhir/), else a page."""
    title, default = PAGES[status]
    message = message or default
    shape = _shape_for(request)
    if shape is not None:
        response = shape(status, message)
    else:
        html = render_to_string(
            "errors/error.html",
            {
                "title": title,
                "message": message,
                "status": status,
                "site_name": settings.SITE_NAME,
                "notice_text": NOTICE_TEXT,
            },
        )
        response = HttpResponse(html, status=status)
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response


def too_many_requests(request: HttpRequest, retry_after: int) -> HttpResponse:
    seconds = "a second" if retry_after == 1 else f"{retry_after} seconds"
    return error_response(
        request,
        429,
        f"Too many requests from your connection. Please try again in {seconds}.",
        retry_after=retry_after,
    )


def database_unavailable(request: HttpRequest) -> HttpResponse:
    return error_response(request, 503, retry_after=DATABASE_RETRY_AFTER)


def database_is_down(error: BaseException | None) -> bool:
    """True for the errors of a database that is away or too slow to answer
    (refused connection, lost connection, statement timeout)."""
    return isinstance(error, OperationalError | InterfaceError)


@requires_csrf_token
def bad_request(request, exception=None):
    return error_response(request, 400)


@requires_csrf_token
def permission_denied(request, exception=None):
    return error_response(request, 403)


@requires_csrf_token
def not_found(request, exception=None):
    return error_response(request, 404)


@requires_csrf_token
def server_error(request):
    # Called while the exception is being handled: a database that is away
    # (even when a middleware met it first) is a 503, not a fault of ours.
    if database_is_down(sys.exc_info()[1]):
        return database_unavailable(request)
    return error_response(request, 500)


def allauth_too_many_requests(request):
    """allauth's sign-in throttle (its limits count per minute)."""
    return too_many_requests(request, 60)


# The longest request line the site reads (gunicorn's default limit); gunicorn
# passes up to 8,190 bytes (gunicorn.conf.py), so a longer address gets a 414
# in the shape of what was asked for rather than gunicorn's plain page.
MAX_REQUEST_LINE = 4094


class ErrorShapeMiddleware:
    """Rejects over-long addresses with 414 and NUL characters in the address
    with 400, and answers a database outage met by a view with 503 (also with
    DEBUG on)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The request line's length as gunicorn counts it: method, the address
        # as sent (percent-encoded) and the protocol.
        address = request.META.get("RAW_URI") or request.get_full_path()
        if len(request.method) + len(address) + 10 > MAX_REQUEST_LINE:
            return error_response(
                request,
                414,
                f"The address is longer than {MAX_REQUEST_LINE:,} characters, "
                "more than any search needs.",
            )
        if _has_nul(request):
            return error_response(
                request,
                400,
                "The address contains a NUL character, which no page here accepts.",
            )
        return self.get_response(request)

    def process_exception(self, request, exception):
        if database_is_down(exception):
            logger.error("Database unavailable: %s", exception)
            return database_unavailable(request)
        return None


def _has_nul(request: HttpRequest) -> bool:
    if any(request.path_info.startswith(prefix) for prefix in _answers_nul_itself):
        return False
    if "\x00" in request.path_info:
        return True
    return any(
        "\x00" in key or any("\x00" in value for value in values)
        for key, values in request.GET.lists()
    )

"""The one hook through which the search page reaches articles."""

from urllib.parse import quote, unquote

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from articles.services import record_referral
from geo.geocoding import clean_place_text

# The only thing about a reader the site keeps: the place they typed, so
# article boxes can show who is near it. It lives in the reader's browser, in a
# signed cookie that ends when the browser closes; never in the database.
REMEMBERED_PLACE_COOKIE = "finder_place"
_SALT = "articles.remembered-place"


def remembered_place(request: HttpRequest) -> str:
    """The place this reader last searched for during this visit, or ""."""
    value = request.get_signed_cookie(REMEMBERED_PLACE_COOKIE, "", salt=_SALT)
    return unquote(value)


def _cookie_value(place: str) -> str:
    # Percent-encoded UTF-8: a header carries Latin-1 at most, and gunicorn
    # refuses to send anything else ("O’Fallon" once gave an empty 500).
    return quote(place, safe="")


def remember_place_and_count_referral(
    request: HttpRequest, filterset, response: HttpResponse
) -> None:
    """What /find/ does for articles once a valid search is made: remember the
    place typed for this visit (on `response`), and count the search for the
    article it came from (the `from` parameter) on its first page only, so
    paging is not counted. An invalid search does neither.

    `filterset` is the search page's `SpecialistFilter`."""
    if not filterset.is_valid():
        return
    data = filterset.form.cleaned_data
    typed = clean_place_text(request.GET.get("location", ""))
    if data.get("location") is not None and typed != remembered_place(request):
        response.set_signed_cookie(
            REMEMBERED_PLACE_COOKIE,
            _cookie_value(typed),
            salt=_SALT,
            max_age=None,  # forgotten when the browser closes
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
    procedure = data.get("procedure")
    article_slug = request.GET.get("from", "")
    if article_slug and procedure and (data.get("page") or 1) == 1:
        record_referral(article_slug=article_slug, procedure=procedure)

"""The one hook through which the search page reaches articles."""

from django.http import HttpRequest

from articles.services import record_referral

# The only thing about a reader the site keeps, and only for their visit (the
# session): the place they typed, so article boxes can show who is near it.
REMEMBERED_LOCATION = "finder_location"


def remember_place_and_count_referral(request: HttpRequest, filterset) -> None:
    """What /find/ does for articles once a search is made: remember the place
    typed for this visit, and count the search for the article it came from
    (the `from` parameter) on its first page only, so paging is not counted.

    `filterset` is the search page's `SpecialistFilter`."""
    valid = filterset.is_valid()
    data = filterset.form.cleaned_data
    typed = request.GET.get("location", "").strip()
    # Written only when it changes: each write is a database round trip.
    changed = request.session.get(REMEMBERED_LOCATION) != typed
    if valid and data.get("location") is not None and changed:
        request.session[REMEMBERED_LOCATION] = typed
        if not request.user.is_authenticated:
            request.session.set_expiry(0)  # forgotten when the browser closes
    procedure = data.get("procedure")
    article_slug = request.GET.get("from", "")
    if article_slug and procedure and (data.get("page") or 1) == 1:
        record_referral(article_slug=article_slug, procedure=procedure)

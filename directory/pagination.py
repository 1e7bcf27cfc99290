"""Pagination with a capped count, shared by the search page and the API.

An exact count of every match costs ten times the page itself in a dense city,
and nobody reads page 300 of a doctor search. So we count at most COUNT_CAP
specialists and say "500+"; the pages stop there.
"""

from django.contrib.gis.geos import Point
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator

from directory.results import load_results

COUNT_CAP = 500
PAGE_SIZE = 20


class CappedPaginator(Paginator):
    """Pages of a search of the index (a `SearchEntryQuerySet`, filtered and
    ordered), each specialist once, with a count that stops at COUNT_CAP.

    A page costs two queries: the index rows of the page together with the
    count (`specialist_page`), then the page's display fields (`load_results`).
    Its `object_list` holds `SearchResult`s. `point`: the search is a walk
    near it (`SearchEntryQuerySet.near`); results then carry their distance.
    """

    def __init__(self, object_list, per_page, *, point: Point | None = None, **kw):
        super().__init__(object_list, per_page, **kw)
        self.point = point
        # Matching specialists counted up to COUNT_CAP + 1; a page's query
        # brings it along, so a search that asks for a page counts nothing twice.
        self._counted: int | None = None

    def page(self, number):
        number = self._number(number)
        bottom = (number - 1) * self.per_page
        # Past the cap there are no pages: never ask the database for them (an
        # offset past 64 bits is an error there, not an empty page).
        if number > 1 and bottom >= COUNT_CAP:
            raise EmptyPage(self.error_messages["no_results"])
        found = self.object_list.specialist_page(
            offset=bottom, size=self.per_page, cap=COUNT_CAP, near=self._near
        )
        self._counted = found.counted
        if number > 1 and bottom >= self.count:
            raise EmptyPage(self.error_messages["no_results"])
        entry_ids = found.entry_ids[: self.count - bottom]
        results = load_results(self.object_list, entry_ids, point=self.point)
        return self._get_page(results, number, self)

    @property
    def _near(self) -> bool:
        return self.point is not None

    def _number(self, number) -> int:
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        return number

    @property
    def counted(self) -> int:
        """Matching specialists, counted up to COUNT_CAP + 1: from the page
        fetched, or else by one query bounded by the cap."""
        if self._counted is None:
            found = self.object_list.specialist_page(
                offset=0, size=0, cap=COUNT_CAP, near=self._near
            )
            self._counted = found.counted
        return self._counted

    @property
    def count(self) -> int:
        return min(self.counted, COUNT_CAP)

    @property
    def more(self) -> bool:
        """True when more specialists match than were counted."""
        return self.counted > COUNT_CAP

    @property
    def count_label(self) -> str:
        return f"{self.count:,}+" if self.more else f"{self.count:,}"

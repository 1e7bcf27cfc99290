"""Pagination with a capped count, shared by the search page and the API.

An exact count of every match costs ten times the page itself in a dense city,
and nobody reads page 300 of a doctor search. So we count at most COUNT_CAP
specialists and say "500+"; the pages stop there.
"""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.utils.functional import cached_property

from directory.results import load_results

COUNT_CAP = 500
PAGE_SIZE = 20


class CappedPaginator(Paginator):
    """Pages of a search of the index (a `SearchEntryQuerySet`, filtered and
    ordered), each specialist once, with a count that stops at COUNT_CAP.

    A page costs two queries: the index rows of the page together with the
    count (`specialist_page`), then the page's display fields (`load_results`).
    Its `object_list` holds `SearchResult`s.
    """

    def page(self, number):
        number = self._number(number)
        bottom = (number - 1) * self.per_page
        found = self.object_list.specialist_page(
            offset=bottom, size=self.per_page, cap=COUNT_CAP
        )
        self.__dict__["_counted"] = found.counted
        if number > 1 and bottom >= self.count:
            raise EmptyPage(self.error_messages["no_results"])
        entry_ids = found.entry_ids[: self.count - bottom]
        return self._get_page(load_results(self.object_list, entry_ids), number, self)

    def _number(self, number) -> int:
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        return number

    @cached_property
    def _counted(self) -> int:
        """Matching specialists, counted up to COUNT_CAP + 1 (one query)."""
        return self.object_list.specialist_page(offset=0, size=0, cap=COUNT_CAP).counted

    @cached_property
    def count(self) -> int:
        return min(self._counted, COUNT_CAP)

    @property
    def more(self) -> bool:
        """True when more specialists match than were counted."""
        return self._counted > COUNT_CAP

    @property
    def count_label(self) -> str:
        return f"{self.count}+" if self.more else str(self.count)

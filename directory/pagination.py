"""Pagination with a capped count, shared by the search page and the API.

An exact count of every match costs ten times the page itself in a dense city,
and nobody reads page 300 of a doctor search. So we count at most COUNT_CAP
matches and say "500+"; the pages stop there.
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

COUNT_CAP = 500
PAGE_SIZE = 20


class CappedPaginator(Paginator):
    """A Paginator whose count stops at COUNT_CAP.

    A search near a place annotates each row with `matches`, the number of
    specialists the whole search found (see `SpecialistQuerySet.near`): a page
    of it then carries its own count, and the search costs one query, not two.
    """

    def page(self, number):
        bounded = "matches" in self.object_list.query.annotations
        if bounded and "_counted" not in self.__dict__:
            try:
                number = int(number)
            except (TypeError, ValueError):
                return super().page(number)  # raises PageNotAnInteger
            bottom = (number - 1) * self.per_page
            # Past the cap there are no pages: never ask the database for them
            # (an offset past 64 bits is an error there, not an empty page).
            if number >= 1 and bottom < COUNT_CAP:
                rows = list(self.object_list[bottom : bottom + self.per_page])
                if rows:
                    self.__dict__["_counted"] = min(rows[0].matches, COUNT_CAP + 1)
                    if bottom < self.count:  # the pages stop at the cap
                        return self._get_page(rows[: self.count - bottom], number, self)
        # Not near a place, or past the last page: count, then Django's page().
        return super().page(number)

    @cached_property
    def _counted(self) -> int:
        """Matches, counted up to COUNT_CAP + 1. One query, bounded by the cap.

        Unordered: which rows are counted does not change how many there are,
        and without the ORDER BY the database stops after COUNT_CAP + 1 rows.
        """
        return self.object_list.order_by()[: COUNT_CAP + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._counted, COUNT_CAP)

    @property
    def more(self) -> bool:
        """True when there are more matches than were counted."""
        return self._counted > COUNT_CAP

    @property
    def count_label(self) -> str:
        return f"{self.count}+" if self.more else str(self.count)

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
    @cached_property
    def _counted(self) -> int:
        """Matches, counted up to COUNT_CAP + 1. One query, bounded by the cap."""
        return self.object_list[: COUNT_CAP + 1].count()

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

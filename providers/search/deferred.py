"""The search index refreshed once at the end of a bulk write, not per statement."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction

from providers.search.rebuild import rebuild

# When a block changed at least this share of the published listings, the
# whole index is rebuilt (build and swap, in spatial order) rather than the
# changed listings' rows deleted and inserted again: inserting row by row
# into the GiST index is what a refresh costs, and a bulk build of the index
# is about three times cheaper (measured at 100,000 listings and 284,000
# rows: 18 s refreshed in place, 6 s rebuilt; bench/RESULTS.md).
REBUILD_SHARE = 0.5


@contextmanager
def deferred_refresh(*, rebuild_share: float = REBUILD_SHARE) -> Iterator[None]:
    """Inside this block (one transaction), the index's triggers record the
    listings each statement changed instead of refreshing them; on leaving
    it, every recorded listing is refreshed once: in one set-based delete and
    insert (search index SQL v5: `providers_search_defer`,
    `providers_search_refresh_deferred`), or, when they are `rebuild_share`
    of the published listings or more, by rebuilding the whole index in
    spatial order (`rebuild`).

    For importers: a statement-level refresh costs about 200 µs a listing,
    paid again by each statement that writes the listing (its specialties,
    its telehealth, its practices). Other sessions see the index as it was
    until the transaction commits, as before; a rebuild holds their writes
    to listings (not their searches) from its start to the commit, so it is
    the block's last step. An exception inside the block rolls everything
    back, the records included.
    """
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT providers_search_defer()")
        yield
        cursor.execute(
            "SELECT count(DISTINCT specialist_id) FROM pg_temp.providers_search_pending"
        )
        (changed,) = cursor.fetchone()
        cursor.execute(
            "SELECT count(*) FROM providers_specialist WHERE status = 'published'"
        )
        (published,) = cursor.fetchone()
        if changed and changed >= rebuild_share * published:
            cursor.execute(
                "SELECT set_config('providers.search_deferred', 'off', true)"
            )
            cursor.execute("DROP TABLE pg_temp.providers_search_pending")
            rebuild()
        else:
            cursor.execute("SELECT providers_search_refresh_deferred()")

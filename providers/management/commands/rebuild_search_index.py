"""Rebuild the search index in spatial order; run after a national import."""

import time

from django.core.management.base import BaseCommand

from providers.search.rebuild import rebuild


class Command(BaseCommand):
    help = (
        "Build the search index afresh from the published listings, sorted by "
        "geohash, and swap it in. Searches keep working meanwhile; writes to "
        "listings wait until it is done (minutes at national scale)."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        rows = rebuild()
        seconds = time.monotonic() - started
        self.stdout.write(f"Search index rebuilt: {rows:,} rows in {seconds:.1f} s.")

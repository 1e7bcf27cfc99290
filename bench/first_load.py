"""Times what follows the rows of a first load, statement by statement.

Usage, on a database a first load filled (`import_nppes --all` into an empty
directory, as bench/README.md says), never the site's:

    export DATABASE_URL="postgis://postgres@/sf_b1m?host=$PWD/.data/run"
    DEBUG=true .venv/bin/python bench/first_load.py

In one transaction, rolled back at the end (the database is left as it was):
takes the indexes, keys and triggers off as a first load does
(`first_load.defer()`), then times `first_load.restore()`: the indexes built,
the keys checked and the search index rebuilt, each statement over a second
printed. Beside it, the lower bound of the search index: a plain copy of its
rows in the order they already have (`CREATE TABLE AS`, no index). `--rebuild`
times only `rebuild_search_index` (the search index rebuilt from the listings).
"""

import argparse
import os
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


class Timed:
    """Prints each statement that took over a second, and adds them up."""

    def __init__(self):
        self.total = 0.0

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            seconds = time.perf_counter() - start
            self.total += seconds
            if seconds >= 1:
                print(f"  {seconds:7.1f} s  {' '.join(sql.split())[:110]}")


class Steps:
    def __init__(self):
        self.mark = time.perf_counter()

    def done(self, what: str) -> None:
        now = time.perf_counter()
        print(f"{what}: {now - self.mark:.1f} s")
        self.mark = now


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rebuild", action="store_true")
    options = parser.parse_args()
    django.setup()
    from django.db import connection, transaction

    from providers.importers.nppes import first_load
    from providers.search import rebuild

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM providers_searchentry")
        (rows,) = cursor.fetchone()
    print(f"search index: {rows:,} rows; load {os.getloadavg()[0]:.1f}")
    timed = Timed()
    with transaction.atomic(), connection.execute_wrapper(timed):
        with connection.cursor() as cursor:
            start = time.perf_counter()
            cursor.execute(
                "CREATE TEMP TABLE bench_bound AS SELECT * FROM providers_searchentry"
            )
            print(f"lower bound, a copy of the index rows: "
                  f"{time.perf_counter() - start:.1f} s")  # fmt: skip
        steps = Steps()
        if options.rebuild:
            rebuild.rebuild()
            steps.done("rebuild_search_index")
        else:
            deferred = first_load.defer()
            steps.done("defer")
            first_load.restore(deferred, steps)
        transaction.set_rollback(True)
    print(f"load {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()

"""Times the page walk three ways on one database, hand SQL, for the choice
between ways to break ties (issue 22): doctors sharing one point.

Usage, on a benchmark database (never the site's) after an import and a
rebuilt index:

    DEBUG=true .venv/bin/python bench/tie_layouts.py --runs 20

- stored: rows walked by their stored point, ties by specialist id (the layout
  before migration 0017): a tie group is walked whole, then again four times
  as far. Needs a GiST index on (point, procedure_ids, specialty_ids), which
  this script creates on the benchmark database if missing
  (`bench_stored_point_idx`; `--drop` removes it and the table below).
- walk point: rows walked by their walk point (the layout of migration 0017),
  as `bench/search.py`'s hand SQL.
- points: a table of distinct points (`bench_search_points`: each point with
  its index rows in specialist id order and every procedure performed there),
  walked nearest first and read point by point: the exact alternative, with
  no triggers written for it (it is built here from the index, once).

Each layout's page is checked against its own exhaustive order: by (distance
to the stored point, id) for stored and points, by (distance to the walk
point, id) for the walk point.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from bench.search import (  # noqa: E402
    CAP,
    HAND_SQL,
    PAGE_SIZE,
    PLACES,
    Case,
    cases,
    p50_p95,
    place_argument,
    specialists_of,
)

STORED_SQL = HAND_SQL.replace("walk_point <->", "point <->")
STORED_EXHAUSTIVE = """
SELECT specialist_id FROM providers_searchentry
WHERE ST_DWithin(point, %(point)s::geography, %(meters)s){procedure}
GROUP BY specialist_id
ORDER BY min(point <-> %(point)s::geography), specialist_id
"""
WALK_EXHAUSTIVE = STORED_EXHAUSTIVE.replace("min(point <->", "min(walk_point <->")

POINTS_TABLE = """
CREATE TABLE bench_search_points AS
WITH entries AS (
    SELECT id, specialist_id, point::geometry AS at, procedure_ids
    FROM providers_searchentry
)
SELECT r.at::geography AS point, r.entry_ids,
       coalesce(p.ids, '{}') AS procedure_ids
FROM (SELECT at, array_agg(id ORDER BY specialist_id, id) AS entry_ids
      FROM entries GROUP BY at) r
LEFT JOIN (SELECT at, array_agg(DISTINCT procedure)::integer[] AS ids
           FROM entries, unnest(procedure_ids) procedure GROUP BY at) p
       USING (at)
"""
POINTS_INDEX = (
    "CREATE INDEX bench_search_points_idx ON bench_search_points "
    "USING gist (point, procedure_ids gist__int_ops)"
)
# Points nearest first, each read in specialist id order; the row filter
# (procedure, radius) applied to the rows read, each specialist at their first.
POINTS_SQL = """
WITH points AS MATERIALIZED (
    SELECT p.entry_ids, p.point <-> %(point)s::geography AS d,
           row_number() OVER () AS position
    FROM (SELECT * FROM bench_search_points{where}
          ORDER BY point <-> %(point)s::geography LIMIT %(walk)s) p
), walk AS MATERIALIZED (
    SELECT e.id, e.specialist_id, p.d, p.position, u.n,
           ST_DWithin(e.point, %(point)s::geography, %(meters)s) AS within
    FROM points p, unnest(p.entry_ids) WITH ORDINALITY u(id, n)
    JOIN providers_searchentry e ON e.id = u.id
    WHERE true{procedure}
), firsts AS MATERIALIZED (
    SELECT DISTINCT ON (specialist_id) id, specialist_id, d
    FROM walk WHERE within ORDER BY specialist_id, position, n
), page AS MATERIALIZED (
    SELECT * FROM firsts ORDER BY d, specialist_id
    LIMIT %(size)s OFFSET %(offset)s
)
SELECT (SELECT count(*) FROM points),
       (SELECT coalesce(bool_or(d > %(meters)s * 1.01), false) FROM points),
       (SELECT count(*) FROM firsts),
       coalesce((SELECT max(d) FROM page) < (SELECT max(d) FROM points), true),
       ARRAY(SELECT id FROM page ORDER BY d, specialist_id)
"""
FIRST_POINTS = 16


def walk_pages(case: Case, template: str, first: int) -> tuple[list[int], int]:
    from django.db import connection

    walk = first
    enough = max(CAP + 1, case.offset + PAGE_SIZE)
    with connection.cursor() as cursor:
        while True:
            cursor.execute(
                case.sql(template),
                case.sql_params(walk=walk, size=PAGE_SIZE, offset=case.offset),
            )
            walked, passed_all, specialists, settled, ids = cursor.fetchone()
            if walked < walk or passed_all or (specialists >= enough and settled):
                return ids, min(specialists, CAP + 1)
            walk *= 4


def exhaustive(case: Case, template: str) -> list[int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(case.sql(template), case.sql_params())
        ranked = [row[0] for row in cursor.fetchall()]
    return ranked[case.offset : case.offset + PAGE_SIZE]


def timed(function, runs: int) -> tuple[float, float, object]:
    function()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        answer = function()
        times.append((time.perf_counter() - start) * 1000)
    return (*p50_p95(times), answer)


def prepare(cursor) -> None:
    cursor.execute("SELECT to_regclass('bench_stored_point_idx')")
    if cursor.fetchone()[0] is None:
        print("creating bench_stored_point_idx (the layout before 0017)", flush=True)
        cursor.execute(
            "CREATE INDEX bench_stored_point_idx ON providers_searchentry USING gist "
            "(point, procedure_ids gist__int_ops, specialty_ids gist__int_ops)"
        )
    cursor.execute("SELECT to_regclass('bench_search_points')")
    if cursor.fetchone()[0] is None:
        print("creating bench_search_points (distinct points)", flush=True)
        cursor.execute(POINTS_TABLE)
        cursor.execute(POINTS_INDEX)
        cursor.execute("ANALYZE bench_search_points")
    cursor.execute("ANALYZE providers_searchentry")
    cursor.execute(
        "SELECT count(*), max(cardinality(entry_ids)) FROM bench_search_points"
    )
    points, largest = cursor.fetchone()
    print(f"{points:,} distinct points; the largest holds {largest:,} index rows")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--only", help="Only the cases whose label contains this.")
    parser.add_argument("--drop", action="store_true", help="Drop what it made.")
    parser.add_argument(
        "--places", nargs="+", type=place_argument, help="NAME=ZIP pairs."
    )
    args = parser.parse_args(argv)

    import django

    django.setup()
    from django.db import connection

    from providers.search.queries import FIRST_WALK

    with connection.cursor() as cursor:
        if args.drop:
            cursor.execute("DROP INDEX IF EXISTS bench_stored_point_idx")
            cursor.execute("DROP TABLE IF EXISTS bench_search_points")
            return
        prepare(cursor)
    print(f"load {os.getloadavg()[0]:.2f}; {args.runs} runs; hand SQL, ms")
    header = (
        f"{'case':30} {'stored p50':>10} {'p95':>6} | {'walk pt p50':>11} "
        f"{'p95':>6} | {'points p50':>10} {'p95':>6} | {'exact':>5}"
    )
    print(header)
    print("-" * len(header))
    for label, params in cases(places=dict(args.places or PLACES.items())):
        if args.only and args.only not in label:
            continue
        case = Case(params)
        points_template = POINTS_SQL.replace(
            "{where}",
            " WHERE procedure_ids @> %(procedures)s::integer[]"
            if case.procedure
            else "",
        ).replace(
            "{procedure}",
            " AND e.procedure_ids @> %(procedures)s::integer[]"
            if case.procedure
            else "",
        )
        s50, s95, (stored, _) = timed(
            lambda c=case: walk_pages(c, STORED_SQL, FIRST_WALK), args.runs
        )
        w50, w95, (walked, _) = timed(
            lambda c=case: walk_pages(c, HAND_SQL, FIRST_WALK), args.runs
        )
        p50, p95, (pointed, _) = timed(
            lambda c=case, t=points_template: walk_pages(c, t, FIRST_POINTS),
            args.runs,
        )
        by_point = exhaustive(case, STORED_EXHAUSTIVE)
        exact = (
            specialists_of(stored) == by_point
            and specialists_of(pointed) == by_point
            and specialists_of(walked) == exhaustive(case, WALK_EXHAUSTIVE)
        )
        print(
            f"{label:30} {s50:10.1f} {s95:6.1f} | {w50:11.1f} {w95:6.1f} | "
            f"{p50:10.1f} {p95:6.1f} | {'yes' if exact else 'NO':>5}",
            flush=True,
        )
    print(f"load average at the end: {os.getloadavg()}")


if __name__ == "__main__":
    main()

"""Times the search as the /find/ page runs it, on the benchmark database.

Usage, after bench/generate.py:

    export DATABASE_URL="postgis://postgres@/sf_bench?host=$PWD/.data/run"
    DEBUG=true .venv/bin/python bench/search.py              # every case, timed
    DEBUG=true .venv/bin/python bench/search.py --explain    # and the plans
    DEBUG=true .venv/bin/python bench/search.py --runs 50 --only nyc

Each run does what the view does: SpecialistFilter(params, queryset=
Specialist.objects.published()), CappedPaginator(filterset.qs, 20), the page
(its query and the three prefetches) and the capped count. After a warm-up,
it prints p50, p95 and max of the whole search in ms, the same for the page
query and the count query alone (the database's time as Django saw it), the
queries a search makes and the rows of the page. `--explain` prints EXPLAIN
(ANALYZE, BUFFERS) of the page query and of the count query for a few cases,
and whether the page query walks the location GiST index in `<->` order.
`--http` also times GET /find/ through Django's test Client.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "directory.settings")

NYC = "10001"  # Manhattan (Chelsea)
CHICAGO = "60601"  # the Loop
LA = "90012"  # downtown Los Angeles
MID = "Albuquerque, NM"
RURAL = "69201"  # Valentine, in Nebraska's Sandhills
KYPHO = {"procedure": "kyphoplasty"}

# label, parameters as a URL would carry them
CASES = [
    ("nyc r10", {"location": NYC, "radius": 10}),
    ("nyc r25", {"location": NYC, "radius": 25}),
    ("nyc r100", {"location": NYC, "radius": 100}),
    ("nyc r500", {"location": NYC, "radius": 500}),
    ("nyc r25 kypho", {"location": NYC, "radius": 25, **KYPHO}),
    ("nyc r500 kypho", {"location": NYC, "radius": 500, **KYPHO}),
    ("nyc r25 name sort", {"location": NYC, "radius": 25, "sort": "name"}),
    ("nyc r25 page 20", {"location": NYC, "radius": 25, "page": 20}),
    ("nyc r25 kypho page 20", {"location": NYC, "radius": 25, "page": 20, **KYPHO}),
    ("chicago r25", {"location": CHICAGO, "radius": 25}),
    ("chicago r25 kypho", {"location": CHICAGO, "radius": 25, **KYPHO}),
    ("la r25 kypho", {"location": LA, "radius": 25, **KYPHO}),
    ("mid r25", {"location": MID, "radius": 25}),
    ("mid r25 kypho", {"location": MID, "radius": 25, **KYPHO}),
    ("mid r100 kypho", {"location": MID, "radius": 100, **KYPHO}),
    ("rural r25", {"location": RURAL, "radius": 25}),
    ("rural r25 kypho", {"location": RURAL, "radius": 25, **KYPHO}),
    ("rural r100 kypho", {"location": RURAL, "radius": 100, **KYPHO}),
    ("rural r500 kypho", {"location": RURAL, "radius": 500, **KYPHO}),
    ("no place, kypho (name)", {**KYPHO}),
]
EXPLAINED = [
    "nyc r25",
    "nyc r25 kypho",
    "nyc r500 kypho",
    "rural r25 kypho",
    "rural r500 kypho",
]


def search(params: dict):
    """One search as the view runs it. Returns (page rows, paginator)."""
    from django.http import QueryDict

    from directory.filters import SpecialistFilter
    from directory.pagination import PAGE_SIZE, CappedPaginator
    from providers.models import Specialist

    filterset = SpecialistFilter(
        QueryDict(urlencode(params)), queryset=Specialist.objects.published()
    )
    if not filterset.is_valid():
        raise SystemExit(f"{params}: {filterset.errors.as_json()}")
    paginator = CappedPaginator(filterset.qs, PAGE_SIZE)
    page = paginator.page(filterset.form.cleaned_data.get("page") or 1)
    rows = list(page.object_list)
    paginator.count_label  # noqa: B018 (the page shows it)
    return rows, paginator, filterset


def timed(params: dict):
    """One search; its wall time and the database time of each query, in ms."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        rows, paginator, _ = search(params)
        elapsed = (time.perf_counter() - start) * 1000
    page_ms = count_ms = 0.0
    for query in queries.captured_queries:
        ms = float(query["time"]) * 1000
        sql = query["sql"]
        if sql.startswith("SELECT COUNT(*)"):
            count_ms += ms
        elif '"providers_specialist"."npi"' in sql and "LIMIT" in sql:
            page_ms += ms
    return elapsed, page_ms, count_ms, len(queries), rows, paginator


def percentiles(values: list[float]) -> tuple[float, float, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95, ordered[-1]


def run_cases(cases, *, runs: int, warmup: int) -> list[dict]:
    header = (
        f"{'case':24} {'p50':>7} {'p95':>7} {'max':>7} | {'page p50':>8} "
        f"{'p95':>7} | {'count p50':>9} {'p95':>7} | {'queries':>7} "
        f"{'rows':>4} {'count':>6} {'first mi':>8}"
    )
    print(header)
    print("-" * len(header))
    results = []
    for label, params in cases:
        for _ in range(warmup):
            search(params)
        totals, pages, counts = [], [], []
        for _ in range(runs):
            elapsed, page_ms, count_ms, n_queries, rows, paginator = timed(params)
            totals.append(elapsed)
            pages.append(page_ms)
            counts.append(count_ms)
        first = getattr(rows[0], "distance", None) if rows else None
        result = {
            "label": label,
            "total": percentiles(totals),
            "page": percentiles(pages),
            "count": percentiles(counts),
            "queries": n_queries,
            "rows": len(rows),
            "count_label": paginator.count_label,
            "first_mi": f"{first.mi:.2f}" if first is not None else "-",
        }
        results.append(result)
        t, p, c = result["total"], result["page"], result["count"]
        print(
            f"{label:24} {t[0]:7.1f} {t[1]:7.1f} {t[2]:7.1f} | {p[0]:8.1f} "
            f"{p[1]:7.1f} | {c[0]:9.1f} {c[1]:7.1f} | {n_queries:7} "
            f"{len(rows):4} {paginator.count_label:>6} {result['first_mi']:>8}",
            flush=True,
        )
    return results


def explain(label: str, params: dict) -> None:
    """EXPLAIN (ANALYZE, BUFFERS) of the page query and of the count query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _, paginator, filterset = search(params)  # warm
    page_number = filterset.form.cleaned_data.get("page") or 1
    bottom = (page_number - 1) * paginator.per_page
    page_qs = filterset.qs[bottom : bottom + paginator.per_page]
    plan = page_qs.explain(analyze=True, buffers=True)
    print(f"\n=== {label}: page query, EXPLAIN (ANALYZE, BUFFERS)")
    print(plan)
    # An ordered GiST scan shows "Order By: (point <-> ...)"; a sort of
    # everything within the radius shows "Sort Key: ((point <-> ...))" instead.
    walks = "Order By: (point <->" in plan
    print(
        f"--- GiST index walked in <-> order (index scan ordered by <->): "
        f"{'yes' if walks else 'NO'}"
    )

    with CaptureQueriesContext(connection) as queries:
        filterset.qs[:501].count()
    sql = queries.captured_queries[-1]["sql"]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        count_plan = "\n".join(row[0] for row in cursor.fetchall())
    print(f"\n=== {label}: capped count query, EXPLAIN (ANALYZE, BUFFERS)")
    print(count_plan)


def http_loop(params: dict, *, runs: int) -> None:
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    url = f"/find/?{urlencode(params)}"
    times = []
    for run in range(-3, runs):
        start = time.perf_counter()
        response = client.get(url)
        if run >= 0:
            times.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200 or b"500+" not in response.content:
            raise SystemExit(f"GET {url}: {response.status_code}, no '500+' on it")
    p50, p95, top = percentiles(times)
    print(f"GET {url}: p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {top:.1f} ms")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--only", help="Only the cases whose label contains this.")
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--http", action="store_true")
    args = parser.parse_args(argv)

    django.setup()
    from django.db import connection

    from providers.models import Location, Specialist

    cases = [(label, p) for label, p in CASES if (args.only or "") in label]
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_database()")
        database = cursor.fetchone()[0]
    print(
        f"database {database}: {Specialist.objects.count():,} specialists, "
        f"{Location.objects.count():,} locations; "
        f"{args.runs} runs after {args.warmup} warm-up runs; times in ms"
    )
    run_cases(cases, runs=args.runs, warmup=args.warmup)
    if args.explain:
        for label, params in cases:
            if label in EXPLAINED:
                explain(label, params)
    if args.http:
        print()
        for label in ("nyc r25", "nyc r25 kypho", "rural r500 kypho"):
            http_loop(dict(CASES)[label], runs=args.runs)


if __name__ == "__main__":
    main()

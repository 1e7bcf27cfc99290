"""Times the search four ways side by side, and checks its answers.

Usage, after bench/generate.py (or an NPPES import) and a rebuilt index:

    export DATABASE_URL="postgis://postgres@/sf_bench?host=$PWD/.data/run"
    DEBUG=true .venv/bin/python bench/search.py --runs 30 --explain --http

For each case (urban and rural, 25 and 100 miles, with and without a
procedure, page 1 and page 5), in one process, after warm-up runs:

- full: the search as the /find/ view runs it, without the template: the
  form (geocoding, procedure lookup), the FilterSet, `CappedPaginator.page`
  (page and capped count, then the display fields) and the count label;
- orm: the queryset alone, `SearchEntry.objects.near(...).performing(...)`
  `.specialist_page(...)`, built and compiled each run;
- sql: the same page and count written by hand (the lower bound), walking as
  far, prepared as the ORM's is; orm and sql take turns run by run, so a
  change of load weighs on both, and their CPU time (this process and the
  database session's) is compared too ("cpu o/s"), which the load moves much
  less than the time;
- naive: every matching row within the radius fetched into Python, distances
  by haversine, sorted, one per specialist (a few runs: it is slow).

Every case checks the page against an exhaustive query (every match within
the radius, each specialist at their nearest row, sorted by the distance to
the row's walk point, then id): the same 20 specialists in the same order,
and the same count label.
`--http` times GET /find/ (rendered) through Django's test Client.
"""

import argparse
import math
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

PLACES = {"urban": "10001", "rural": "69201"}  # Manhattan; Valentine, Nebraska
RADII = [25, 100]
PROCEDURE = "kyphoplasty"
PAGES = [1, 5]
PAGE_SIZE = 20
CAP = 500
EXPLAINED = ["urban r25 kyphoplasty p1", "urban r100 p5", "rural r100 kyphoplasty p1"]

HAND_SQL = """
WITH walk AS MATERIALIZED (
    SELECT w.*, row_number() OVER () AS position
    FROM (SELECT id, specialist_id,
                 ST_DWithin(point, %(point)s::geography, %(meters)s) AS within,
                 walk_point <-> %(point)s::geography AS d
          FROM providers_searchentry{where}
          ORDER BY walk_point <-> %(point)s::geography
          LIMIT %(walk)s) w
), firsts AS MATERIALIZED (
    SELECT DISTINCT ON (specialist_id) id, specialist_id, d
    FROM walk WHERE within ORDER BY specialist_id, position
), page AS MATERIALIZED (
    SELECT * FROM firsts ORDER BY d, specialist_id
    LIMIT %(size)s OFFSET %(offset)s
)
SELECT (SELECT count(*) FROM walk),
       (SELECT coalesce(bool_or(d > %(meters)s * 1.01), false) FROM walk),
       (SELECT count(*) FROM firsts),
       coalesce((SELECT max(d) FROM page) < (SELECT max(d) FROM walk), true),
       ARRAY(SELECT id FROM page ORDER BY d, specialist_id)
"""
PROCEDURE_SQL = " AND procedure_ids @> %(procedures)s::integer[]"
# The order a page must give (SearchEntryQuerySet.near): every row whose point
# is inside the radius, each specialist at their nearest walk point, by the
# sphere distance to it, then id; sorted whole, no walk.
EXHAUSTIVE_SQL = """
SELECT specialist_id FROM providers_searchentry
WHERE ST_DWithin(point, %(point)s::geography, %(meters)s){procedure}
GROUP BY specialist_id
ORDER BY min(walk_point <-> %(point)s::geography), specialist_id
"""


def cases(pages=PAGES, places=None):
    for place_name, place in (places or PLACES).items():
        for radius in RADII:
            for procedure in (None, PROCEDURE):
                for page in pages:
                    label = (
                        f"{place_name} r{radius}{f' {procedure}' if procedure else ''}"
                    )
                    params = {"location": place, "radius": radius, "page": page}
                    if procedure:
                        params["procedure"] = procedure
                    yield f"{label} p{page}", params


def full_search(params: dict):
    """The view's work, without the template. Returns (results, paginator)."""
    from django.core.paginator import EmptyPage
    from django.http import QueryDict

    from directory.filters import SpecialistFilter
    from directory.pagination import CappedPaginator
    from providers.models import SearchEntry

    filterset = SpecialistFilter(
        QueryDict(urlencode(params)), queryset=SearchEntry.objects.all()
    )
    if not filterset.is_valid():
        raise SystemExit(f"{params}: {filterset.errors.as_json()}")
    paginator = CappedPaginator(filterset.qs, PAGE_SIZE, point=filterset.point)
    try:
        results = paginator.page(filterset.form.cleaned_data.get("page") or 1)
    except EmptyPage:  # the page says "there is no page 5", with the count
        results = []
    paginator.count_label  # noqa: B018 (the page shows it)
    return list(results), paginator


class Case:
    """One case's point, procedure and the three ways to run its page."""

    def __init__(self, params: dict):
        from geo.geocoding import geocode
        from providers.models import Procedure

        self.params = params
        self.point = geocode(params["location"]).point
        self.radius = params["radius"]
        self.procedure = (
            Procedure.objects.get(slug=params["procedure"])
            if "procedure" in params
            else None
        )
        self.offset = (params["page"] - 1) * PAGE_SIZE

    def queryset(self):
        from providers.models import SearchEntry

        search = SearchEntry.objects.near(self.point, radius_mi=self.radius)
        return search.performing(self.procedure) if self.procedure else search

    def orm(self):
        return self.queryset().specialist_page(
            offset=self.offset, size=PAGE_SIZE, cap=CAP, near=True
        )

    def sql(self, template: str) -> str:
        procedure = PROCEDURE_SQL if self.procedure else ""
        where = f" WHERE {procedure.removeprefix(' AND ')}" if procedure else ""
        return template.format(procedure=procedure, where=where)

    def sql_params(self, **extra) -> dict:
        return {
            "point": f"SRID=4326;POINT({self.point.x} {self.point.y})",
            "meters": self.radius * 1609.344,
            "procedures": [self.procedure.pk] if self.procedure else [],
            **extra,
        }

    def hand_sql(self):
        from providers.search.queries import WALK_GROWTH, prepared_cursor

        # As long a first walk as the ORM's page, and prepared as it is.
        enough = max(CAP + 1, self.offset + PAGE_SIZE)
        walk = first_walk_of(enough)
        with prepared_cursor("default") as cursor:
            while True:
                cursor.execute(
                    self.sql(HAND_SQL),
                    self.sql_params(walk=walk, size=PAGE_SIZE, offset=self.offset),
                )
                walked, passed_all, specialists, settled, ids = cursor.fetchone()
                if walked < walk or passed_all or (specialists >= enough and settled):
                    return ids, min(specialists, CAP + 1)
                walk *= WALK_GROWTH

    def naive(self):
        """Every match within the radius into Python; haversine to each walk
        point; sort."""
        rows = (
            self.queryset()
            .filter(within=True)
            .order_by()
            .values_list("specialist_id", "walk_point")
        )
        lat0, lng0 = math.radians(self.point.y), math.radians(self.point.x)
        nearest = {}
        for specialist_id, point in rows:
            lat, lng = math.radians(point.y), math.radians(point.x)
            a = (
                math.sin((lat - lat0) / 2) ** 2
                + math.cos(lat0) * math.cos(lat) * math.sin((lng - lng0) / 2) ** 2
            )
            miles = 3958.8 * 2 * math.asin(math.sqrt(a))
            if miles < nearest.get(specialist_id, math.inf):
                nearest[specialist_id] = miles
        ranked = sorted(nearest, key=lambda pk: (nearest[pk], pk))
        return ranked[self.offset : self.offset + PAGE_SIZE], len(ranked)

    def exhaustive(self) -> tuple[list[int], int]:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(self.sql(EXHAUSTIVE_SQL), self.sql_params())
            ranked = [row[0] for row in cursor.fetchall()]
        return ranked[self.offset : self.offset + PAGE_SIZE], len(ranked)


def first_walk_of(enough: int) -> int:
    """The rows the page's first walk reads for `enough` specialists."""
    from providers.models import SearchEntry, Specialist
    from providers.search.queries import first_walk, rows_each_in

    index, specialists = SearchEntry._meta.db_table, Specialist._meta.db_table
    return first_walk(enough, rows_each_in("default", index, specialists))


def timed(function, runs: int, warmup: int) -> tuple[list[float], object]:
    for _ in range(warmup):
        function()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        answer = function()
        times.append((time.perf_counter() - start) * 1000)
    return times, answer


def session_cpu_ns() -> int | None:
    """CPU nanoseconds the database session has used so far, when its server
    runs on this machine (Linux's /proc), else None."""
    from django.db import connection

    connection.ensure_connection()
    try:
        with open(f"/proc/{connection.connection.info.backend_pid}/schedstat") as f:
            return int(f.read().split()[0])
    except OSError:
        return None


def timed_in_turn(first, second, runs: int, warmup: int) -> tuple:
    """`timed` for two functions run one after the other, run by run: the
    machine's load, which moves by the second, weighs on both alike. Also
    the CPU milliseconds of each run (this process's and the database
    session's, when readable: else this process's alone), which the load
    moves much less than the time."""
    for _ in range(warmup):
        first(), second()
    times, cpu = ([], []), ([], [])
    answers = [None, None]
    for _ in range(runs):
        for n, function in enumerate((first, second)):
            session, process = session_cpu_ns(), time.process_time_ns()
            start = time.perf_counter()
            answers[n] = function()
            times[n].append((time.perf_counter() - start) * 1000)
            used = time.process_time_ns() - process
            if session is not None:
                used += session_cpu_ns() - session
            cpu[n].append(used / 1e6)
    return (times[0], cpu[0], answers[0]), (times[1], cpu[1], answers[1])


def p50_p95(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    return statistics.median(ordered), ordered[round(0.95 * (len(ordered) - 1))]


def specialists_of(entry_ids: list[int]) -> list[int]:
    from providers.models import SearchEntry

    by_entry = dict(
        SearchEntry.objects.filter(pk__in=entry_ids).values_list("pk", "specialist_id")
    )
    return [by_entry[pk] for pk in entry_ids]


def run(selected, *, runs: int, warmup: int, naive_runs: int) -> list[dict]:
    header = (
        f"{'case':30} {'full p50':>8} {'p95':>6} | {'orm p50':>7} {'p95':>6} | "
        f"{'sql p50':>7} {'p95':>6} | {'orm/sql':>7} | {'cpu o/s':>7} | "
        f"{'naive p50':>9} | "
        f"{'count':>5} {'same 20':>7}"
    )
    print(header)
    print("-" * len(header))
    figures = []
    for label, params in selected:
        case = Case(params)
        full_times, (results, paginator) = timed(
            lambda params=params: full_search(params), runs, warmup
        )
        orm, sql = timed_in_turn(case.orm, case.hand_sql, runs, warmup)
        (orm_times, orm_cpu, found), (sql_times, sql_cpu, (sql_ids, _)) = orm, sql
        expected_ids, total = case.exhaustive()
        if naive_runs:
            naive_times, (naive_ids, _) = timed(case.naive, naive_runs, 0)
        else:  # --naive-runs 0: a minute a case at 6.3M, left out
            naive_times, naive_ids = [float("nan")], expected_ids
        expected_label = f"{CAP}+" if total > CAP else str(total)
        same = (
            [r.pk for r in results] == expected_ids
            and specialists_of(found.entry_ids) == expected_ids
            and specialists_of(sql_ids) == expected_ids
            and naive_ids == expected_ids
            and paginator.count_label == expected_label
            and min(found.counted, CAP + 1) == min(total, CAP + 1)
        )
        row = {
            "label": label,
            "full": p50_p95(full_times),
            "orm": p50_p95(orm_times),
            "sql": p50_p95(sql_times),
            "naive": statistics.median(naive_times),
            "count": paginator.count_label,
            "same": same,
        }
        row["ratio"] = row["orm"][0] / row["sql"][0]
        row["cpu_ratio"] = statistics.median(orm_cpu) / statistics.median(sql_cpu)
        figures.append(row)
        f, o, s = row["full"], row["orm"], row["sql"]
        print(
            f"{label:30} {f[0]:8.1f} {f[1]:6.1f} | {o[0]:7.1f} {o[1]:6.1f} | "
            f"{s[0]:7.1f} {s[1]:6.1f} | {row['ratio']:7.2f} | "
            f"{row['cpu_ratio']:7.2f} | "
            f"{row['naive']:9.1f} | {row['count']:>5} {'yes' if same else 'NO':>7}",
            flush=True,
        )
    worst = max(figures, key=lambda r: r["full"][1])
    print(
        f"\nworst full p95 {worst['full'][1]:.1f} ms ({worst['label']}); "
        f"orm/sql p50 ratio {min(r['ratio'] for r in figures):.2f} to "
        f"{max(r['ratio'] for r in figures):.2f} (CPU p50 ratio "
        f"{min(r['cpu_ratio'] for r in figures):.2f} to "
        f"{max(r['cpu_ratio'] for r in figures):.2f}); "
        f"same 20 as exhaustive: {sum(r['same'] for r in figures)}/{len(figures)}"
    )
    return figures


def explain(label: str, params: dict) -> None:
    """EXPLAIN (ANALYZE, BUFFERS) of the walk the page query makes."""
    case = Case(params)
    enough = max(CAP + 1, case.offset + PAGE_SIZE)
    walk = case.queryset().values_list("id", "specialist_id")[: first_walk_of(enough)]
    print(f"\n=== {label}: the walk, EXPLAIN (ANALYZE, BUFFERS)")
    print(walk.explain(analyze=True, buffers=True))


def http(selected, *, runs: int) -> list[float]:
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    print(f"\n{'GET /find/ (rendered)':60} {'p50':>6} {'p95':>6}")
    p95s = []
    for _label, params in selected:
        url = f"/find/?{urlencode(params)}"
        times = []
        for run in range(-2, runs):
            start = time.perf_counter()
            response = client.get(url)
            if run >= 0:
                times.append((time.perf_counter() - start) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"GET {url}: {response.status_code}")
        p50, p95 = p50_p95(times)
        p95s.append(p95)
        print(f"{url:60} {p50:6.1f} {p95:6.1f}", flush=True)
    print(f"worst GET /find/ p95 {max(p95s):.1f} ms")
    return p95s


def place_argument(text: str) -> tuple[str, str]:
    name, _, zip_code = text.partition("=")
    if not (name and zip_code):
        raise argparse.ArgumentTypeError(f"NAME=ZIP, not {text!r}")
    return name, zip_code


def main(argv=None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument(
        "--naive-runs", type=int, default=2, help="0 leaves the naive baseline out"
    )
    parser.add_argument("--only", help="Only the cases whose label contains this.")
    parser.add_argument(
        "--pages", type=int, nargs="+", default=PAGES, help="Pages to time."
    )
    parser.add_argument(
        "--places",
        nargs="+",
        type=place_argument,
        help="NAME=ZIP pairs instead of urban=10001 rural=69201 (such as "
        "dense=10055, the ZIP with most listings at its centroid at 1M).",
    )
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--http", action="store_true")
    args = parser.parse_args(argv)

    # As a server process starts (gazetteer loaded, gc.freeze()).
    from django.db import connection

    import config.wsgi  # noqa: F401
    from providers.models import SearchEntry, Specialist

    places = dict(args.places or PLACES.items())
    selected = [
        (label, p)
        for label, p in cases(args.pages, places)
        if (args.only or "") in label
    ]
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_database()")
        database = cursor.fetchone()[0]
    print(
        f"database {database}: {Specialist.objects.count():,} specialists, "
        f"{SearchEntry.objects.count():,} index rows; load {os.getloadavg()[0]:.2f}; "
        f"{args.runs} runs after {args.warmup} warm-up runs; times in ms"
    )
    figures = run(
        selected, runs=args.runs, warmup=args.warmup, naive_runs=args.naive_runs
    )
    if args.explain:
        for label, params in selected:
            if label in EXPLAINED:
                explain(label, params)
    if args.http:
        http(selected, runs=args.runs)
    print(f"load average at the end: {os.getloadavg()}")
    return figures


if __name__ == "__main__":
    main()

"""Times the FHIR API on the benchmark database: `location.near` searches
beside the /find/ page and a hand-written SQL lower bound, and the bulk export.

Usage, after bench/generate.py (see bench/README.md):

    export DATABASE_URL="postgis://postgres@/sf_bench?host=$PWD/.data/run"
    DEBUG=false SECRET_KEY=bench .venv/bin/python bench/fhir_api.py --runs 20
    DEBUG=false SECRET_KEY=bench .venv/bin/python bench/fhir_api.py --export /tmp/fhir

The searches go through Django's test Client (the whole request: parameters,
queries, building and validating every resource, JSON). The SQL lower bound is
the page of a kyphoplasty search near the place written by hand on the search
index (bench/search.py's: the walk by `<->`, the radius, one row per
specialist). The
export prints, for each resource type, the time to read its rows alone (the
database's part) beside the whole export (reading, building, writing).
"""

import argparse
import os
import resource
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "directory.settings")
# Every request is counted in the rate limits' cache, as in production, but no
# limit is ever reached: the benchmark is one client.
for limit in ("SEARCH", "API", "PAGE"):
    os.environ.setdefault(f"{limit}_REQUESTS_PER_MINUTE", "1000000000")

PLACES = [
    ("nyc", "10001"),
    ("chicago", "60601"),
    ("mid", "Albuquerque, NM"),
    ("rural", "69201"),
]
RADIUS_MI = 25


def timed(run, *, runs: int, warmup: int = 3) -> tuple[float, float]:
    times = []
    for n in range(-warmup, runs):
        start = time.perf_counter()
        run()
        if n >= 0:
            times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)]


def searches(runs: int) -> None:
    from django.test import Client

    from bench import search  # the hand-written page on the index
    from geo.geocoding import geocode

    client = Client(HTTP_HOST="127.0.0.1")

    def get(url):
        def run():
            response = client.get(url)
            assert response.status_code == 200, (url, response.content[:300])

        return run

    print(f"p50 / p95 in ms over {runs} runs, radius {RADIUS_MI} mi, kyphoplasty")
    print(
        "| place | hand SQL page | GET /find/ | GET /api/v1/ | FHIR PractitionerRole "
        "| FHIR + _include location, practitioner | FHIR Location near |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for label, text in PLACES:
        point = geocode(text).point
        near = f"{point.y}|{point.x}|{RADIUS_MI}|mi"
        role = {"location.near": near, "procedure": "kyphoplasty"}
        find = {"location": text, "radius": RADIUS_MI, "procedure": "kyphoplasty"}
        urls = [
            f"/find/?{urlencode(find)}",
            f"/api/v1/specialists/?{urlencode(find)}",
            f"/fhir/PractitionerRole?{urlencode(role)}",
            f"/fhir/PractitionerRole?{urlencode(role)}&_include=PractitionerRole:location"
            "&_include=PractitionerRole:practitioner",
            f"/fhir/Location?{urlencode({'near': near})}",
        ]

        case = search.Case({**find, "page": 1})
        cells = [timed(case.hand_sql, runs=runs)]
        cells += [timed(get(u), runs=runs) for u in urls]
        print(
            f"| {label} | " + " | ".join(f"{a:.0f} / {b:.0f}" for a, b in cells) + " |"
        )


def export(directory: Path) -> None:
    from django.db import transaction

    from directory.fhir import query
    from directory.fhir.export import EXPORTS, export_directory

    print("| resource type | resources | read rows only (s) | whole export (s) | MB |")
    print("|---|---:|---:|---:|---:|")
    reads = {}
    for resource_type, rows in EXPORTS.items():
        fields = [*query.FIELDS[resource_type], "last_updated"]
        start = time.perf_counter()
        with transaction.atomic():  # a streaming cursor, as the export's
            for _ in rows().order_by("pk").values(*fields).iterator(5000):
                pass
        reads[resource_type] = time.perf_counter() - start
    spans = {}

    def progress(stream, resource_type, total):
        spans[resource_type] = [time.perf_counter()]
        yield from stream
        spans[resource_type].append(time.perf_counter())

    start, cpu = time.perf_counter(), time.process_time()
    counts = export_directory(directory, progress=progress)
    whole, cpu = time.perf_counter() - start, time.process_time() - cpu
    for resource_type, count in counts.items():
        began, ended = spans[resource_type]
        size = (directory / f"{resource_type}.ndjson").stat().st_size / 1e6
        print(
            f"| {resource_type} | {count:,} | {reads[resource_type]:.1f} "
            f"| {ended - began:.1f} | {size:,.0f} |"
        )
    total, read = sum(counts.values()), sum(reads.values())
    print(f"| all | {total:,} | {read:.1f} | {whole:.1f} | |")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"export: {cpu:.0f} s of this process's CPU time; peak memory {peak:.0f} MB")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--export", type=Path, metavar="DIR")
    args = parser.parse_args(argv)
    django.setup()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT current_database()")
        print(f"database {cursor.fetchone()[0]}; load {os.getloadavg()}")
    if args.export:
        export(args.export)
    else:
        searches(args.runs)
    print(f"load at the end {os.getloadavg()}")


if __name__ == "__main__":
    main()

"""Times the FHIR API on the benchmark database: `location.near` searches
beside the /find/ page and a hand-written SQL lower bound, and the bulk export.

Usage, after bench/generate.py (see bench/README.md):

    export DATABASE_URL="postgis://postgres@/sf_bench?host=$PWD/.data/run"
    DEBUG=false SECRET_KEY=bench .venv/bin/python bench/fhir_api.py --runs 20
    DEBUG=false SECRET_KEY=bench .venv/bin/python bench/fhir_api.py \
        --export /tmp/fhir --jobs 1 2

The searches go through Django's test Client (the whole request: parameters,
queries, building and validating every resource, JSON). The SQL lower bound is
the page of a kyphoplasty search near the place written by hand on the search
index (bench/search.py's: the walk by `<->`, the radius, one row per
specialist). The
export prints, for each resource type, the time to read its rows alone (the
database's part, one type after another) beside the time its file took to
write in each export (`--jobs 1`: one process, file after file; `--jobs 2`:
worker processes side by side), with each export's wall time, the CPU time
of its processes and that of their PostgreSQL backends (read from `/proc`
while they run, when the server is on this machine and readable; connections
are told apart by `application_name`). The files are deleted after each
export; `--discard` writes them to /dev/null instead (a symlink in DIR for
each file: the 6.3M directory's files are about 37 GB), which leaves the
disk's part out.
"""

import argparse
import os
import resource
import statistics
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
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
# The export's connections (workers inherit the environment) are found by
# this name in pg_stat_activity, to read their backends' CPU time.
APPLICATION = f"bench-export-{os.getpid()}"


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


class BackendCPU:
    """The CPU time of the PostgreSQL backends named APPLICATION (and their
    parallel workers), polled from /proc twice a second while they live."""

    def __init__(self):
        self.seen, self.done = {}, threading.Event()
        self.readable = True
        self.thread = threading.Thread(target=self._poll, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.done.set()
        self.thread.join()

    @property
    def seconds(self) -> float:
        return sum(self.seen.values()) if self.readable else float("nan")

    def _poll(self):
        from django.db import connection  # this thread's own connection

        tick = os.sysconf("SC_CLK_TCK")
        with connection.cursor() as cursor:
            while not self.done.wait(0.5):
                cursor.execute(
                    "SELECT pid FROM pg_stat_activity"
                    " WHERE application_name = %s AND pid <> pg_backend_pid()",
                    [APPLICATION],
                )
                for (pid,) in cursor.fetchall():
                    try:
                        with open(f"/proc/{pid}/stat") as stat:
                            fields = stat.read().rsplit(")", 1)[1].split()
                    except OSError:
                        self.readable = False  # another machine's server
                        continue
                    self.seen[pid] = (int(fields[11]) + int(fields[12])) / tick
        connection.close()


def export(directory: Path, jobs: list[int], read_bound: bool, discard: bool) -> None:
    from django.db import transaction

    from fhir_api.export import EXPORTS, export_directory, row_batches

    reads = dict.fromkeys(EXPORTS, float("nan"))
    if read_bound:
        for resource_type, parts in EXPORTS.items():
            start = time.perf_counter()
            with transaction.atomic():  # a streaming cursor, as the export's
                for rows, fields in parts:
                    for _ in row_batches(rows(), fields, 5000):
                        pass
            reads[resource_type] = time.perf_counter() - start
    results = {}
    for n in jobs:
        spans = {}
        if discard:
            directory.mkdir(parents=True, exist_ok=True)
            for resource_type in EXPORTS:
                (directory / f"{resource_type}.ndjson.part").symlink_to(os.devnull)

        def progress(resource_type, total, spans=spans):
            spans[resource_type] = [time.perf_counter()] * 2

            def advance(count):
                spans[resource_type][1] = time.perf_counter()

            return advance

        own = resource.getrusage(resource.RUSAGE_SELF)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        with BackendCPU() as database:
            counts = export_directory(directory, progress=progress, jobs=n)
        whole = time.perf_counter() - start
        cpu = sum(
            getattr(resource.getrusage(who), field) - getattr(before, field)
            for who, before in [
                (resource.RUSAGE_SELF, own),
                (resource.RUSAGE_CHILDREN, children),
            ]
            for field in ("ru_utime", "ru_stime")
        )
        sizes = {t: (directory / f"{t}.ndjson").stat().st_size / 1e6 for t in counts}
        results[n] = counts, spans, whole, cpu, sizes, database.seconds
        print(
            f"--jobs {n}: {whole:.1f} s wall, {cpu:.0f} s CPU (parent and workers), "
            f"{database.seconds:.0f} s CPU (their PostgreSQL backends), "
            f"load {os.getloadavg()}"
        )
        for path in directory.glob("*.ndjson"):
            path.unlink()

    head = " | ".join(f"--jobs {n}: file written (s)" for n in jobs)
    print(f"| resource type | resources | MB | read rows only (s) | {head} |")
    print("|---|---:|---:|---:|" + "---:|" * len(jobs))
    first = results[jobs[0]]
    for resource_type, count in first[0].items():
        size = "discarded" if discard else f"{first[4][resource_type]:,.0f}"
        cells = " | ".join(
            f"{results[n][1][resource_type][1] - results[n][1][resource_type][0]:.1f}"
            for n in jobs
        )
        print(
            f"| {resource_type} | {count:,} | {size} "
            f"| {reads[resource_type]:.1f} | {cells} |"
        )
    cells = " | ".join(f"{results[n][2]:.1f}" for n in jobs)
    total = sum(first[0].values())
    print(f"| all, wall | {total:,} | | {sum(reads.values()):.1f} | {cells} |")
    cells = " | ".join(f"{results[n][3]:.0f}" for n in jobs)
    print(f"| all, CPU of the exporting processes | | | | {cells} |")
    cells = " | ".join(f"{results[n][5]:.0f}" for n in jobs)
    print(f"| all, CPU of their PostgreSQL backends | | | | {cells} |")
    # RUSAGE_CHILDREN's ru_maxrss is its largest single process, not a sum.
    peak = max(
        resource.getrusage(who).ru_maxrss
        for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    print(f"peak memory of one process: {peak / 1024:.0f} MB")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--export", type=Path, metavar="DIR")
    parser.add_argument(
        "--jobs",
        type=int,
        nargs="+",
        default=[1],
        help="With --export: export once per value, side by side (e.g. 1 2).",
    )
    parser.add_argument(
        "--discard",
        action="store_true",
        help="With --export: write the files to /dev/null (no disk needed).",
    )
    parser.add_argument(
        "--no-read-bound",
        action="store_true",
        help="With --export: skip reading each type's rows alone first.",
    )
    args = parser.parse_args(argv)
    os.environ["PGAPPNAME"] = APPLICATION  # before any connection, workers too
    django.setup()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT current_database()")
        print(f"database {cursor.fetchone()[0]}; load {os.getloadavg()}")
    if args.export:
        export(args.export, args.jobs, not args.no_read_bound, args.discard)
    else:
        searches(args.runs)
    print(f"load at the end {os.getloadavg()}")


if __name__ == "__main__":
    main()

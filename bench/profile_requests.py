"""The Python CPU time of a request, in one process, and where it goes.

Usage, on a benchmark database (DEBUG=false as in production):

    DEBUG=false SECRET_KEY=bench ALLOWED_HOSTS=127.0.0.1 \\
        .venv/bin/python bench/profile_requests.py --rounds 5 [--profile]

Runs the API mix of `api_mix.lua` (36 searches) and the 16 `/find/` pages of
`search.py` through the WSGI application as gunicorn calls it (no test
client), after a warm-up round, and prints the process CPU time a request
(Python, without PostgreSQL's or the cache's) beside the wall time.
`--profile` prints cProfile's figures for each kind, timed in CPU time.
"""

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

API_SEARCHES = [
    ("10001", 25),
    ("10001", 100),
    ("60601", 25),
    ("90012", 25),
    ("87102", 100),
    ("69201", 100),
]


def api_paths() -> list[str]:
    return [
        f"/api/v1/specialists/?location={place}&radius={radius}{procedure}&page={page}"
        for place, radius in API_SEARCHES
        for procedure in ("", "&procedure=kyphoplasty")
        for page in (1, 2, 5)
    ]


def find_paths() -> list[str]:
    from bench.search import cases

    return [f"/find/?{urlencode(params)}" for _label, params in cases()]


def call(application, path: str) -> int:
    url, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": url,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "HTTP_HOST": "127.0.0.1",
        "REMOTE_ADDR": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    status = []
    body = application(environ, lambda s, headers, exc_info=None: status.append(s))
    for _ in body:
        pass
    if hasattr(body, "close"):
        body.close()
    return int(status[0].split()[0])


def measure(application, paths: list[str], rounds: int) -> tuple[float, float]:
    """CPU and wall milliseconds a request, over `rounds` rounds of `paths`."""
    for path in paths:  # warm-up: connections, templates, the catalogue
        if (code := call(application, path)) != 200:
            raise SystemExit(f"GET {path}: {code}")
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(rounds):
        for path in paths:
            call(application, path)
    count = rounds * len(paths)
    return (
        (time.process_time() - cpu) * 1000 / count,
        (time.perf_counter() - wall) * 1000 / count,
    )


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--profile-lines", type=int, default=60)
    parser.add_argument("--only", choices=["api", "find"])
    args = parser.parse_args(argv)

    from config.wsgi import application

    kinds = {"api": api_paths(), "find": find_paths()}
    print(f"load {os.getloadavg()[0]:.2f}; {args.rounds} rounds after a warm-up")
    for kind, paths in kinds.items():
        if args.only and kind != args.only:
            continue
        cpu, wall = measure(application, paths, args.rounds)
        print(
            f"{kind:5} {len(paths)} paths: {cpu:6.2f} ms CPU (this process) "
            f"a request, {wall:6.2f} ms wall",
            flush=True,
        )
        if args.profile:
            # CPU time (not wall time: waiting for PostgreSQL is not ours).
            profiler = cProfile.Profile(time.process_time)
            profiler.runcall(measure, application, paths, args.rounds)
            stats = pstats.Stats(profiler).sort_stats("cumulative")
            stats.print_stats(args.profile_lines)


if __name__ == "__main__":
    main()

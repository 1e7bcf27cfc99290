#!/usr/bin/env bash
# Every figure of bench/RESULTS.md for the database in DATABASE_URL: the search
# four ways with its checks and plans (bench/search.py), GET /find/, then the
# search API under gunicorn on 127.0.0.1 loaded by wrk. Output goes to the
# terminal and to bench/plans/<database>-<date>.txt.
#   DATABASE_URL=... bash bench/run.sh [--runs 30]
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?set DATABASE_URL to the benchmark database , never the site database}"
if ! command -v wrk >/dev/null; then
    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk
fi
PORT=${BENCH_PORT:-8140}
WORKERS=${BENCH_WORKERS:-3}
CONNECTIONS=${BENCH_CONNECTIONS:-8}
DURATION=${BENCH_DURATION:-30s}
database=${DATABASE_URL%%\?*}
database=${database##*/}
out="bench/plans/${database}-$(date -u +%Y%m%d-%H%M).txt"
{
    echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
    # As in production: DEBUG off (no query log, cached templates).
    export DEBUG=false SECRET_KEY=bench-only ALLOWED_HOSTS=127.0.0.1
    if [ -z "${BENCH_LOAD_ONLY:-}" ]; then
        .venv/bin/python bench/search.py --explain --http "$@"
    fi

    .venv/bin/gunicorn directory.wsgi --bind "127.0.0.1:$PORT" --workers "$WORKERS" \
        --log-level warning &
    server=$!
    trap 'kill $server' EXIT
    for _ in $(seq 50); do
        curl -fs "http://127.0.0.1:$PORT/api/v1/specialists/?location=10001" >/dev/null && break
        sleep 0.2
    done
    echo
    echo "wrk: $WORKERS gunicorn workers, $CONNECTIONS connections, $DURATION, load $(cut -d' ' -f1-3 /proc/loadavg)"
    wrk --threads 2 --connections "$CONNECTIONS" --duration "$DURATION" --latency \
        --script bench/api_mix.lua "http://127.0.0.1:$PORT"
    echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
} 2>&1 | tee "$out"
echo "saved in $out"

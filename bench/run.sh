#!/usr/bin/env bash
# Every figure of bench/RESULTS.md for the database in DATABASE_URL: the search
# four ways with its checks and plans (bench/search.py), GET /find/, then the
# search API under gunicorn on 127.0.0.1 loaded by wrk. Output goes to the
# terminal and to bench/plans/<database>-<date>.txt.
#   DATABASE_URL=... bash bench/run.sh [--runs 30]
# Rate limits count in a private Redis (as production should run them), started
# here on a Unix socket and stopped on exit; BENCH_CACHE_URL=db://django_cache
# counts them in the database instead (the table must exist there).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?set DATABASE_URL to the benchmark database , never the site database}"
missing=""
command -v wrk >/dev/null || missing="$missing wrk"
command -v redis-server >/dev/null || missing="$missing redis-server"
if [ -n "$missing" ]; then
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
fi
# GET /find/ renders pages that name the collected static files.
DEBUG=false SECRET_KEY=bench-only .venv/bin/python manage.py collectstatic --noinput -v0
PORT=${BENCH_PORT:-8140}
WORKERS=${BENCH_WORKERS:-3}
CONNECTIONS=${BENCH_CONNECTIONS:-8}
DURATION=${BENCH_DURATION:-30s}
database=${DATABASE_URL%%\?*}
database=${database##*/}
out="bench/plans/${database}-$(date -u +%Y%m%d-%H%M).txt"

# Redis's socket and gunicorn's access log, in a folder only this user can enter.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
if [ -z "${BENCH_CACHE_URL:-}" ]; then
    # Nothing saved to disk.
    redis-server --port 0 --unixsocket "$scratch/redis.sock" --unixsocketperm 700 \
        --save "" --appendonly no --dir "$scratch" --loglevel warning \
        >"$scratch/redis.log" 2>&1 &
    redis=$!
    trap 'kill $redis; wait $redis 2>/dev/null; rm -rf "$scratch"' EXIT
    for _ in $(seq 50); do
        redis-cli -s "$scratch/redis.sock" ping >/dev/null 2>&1 && break
        sleep 0.1
    done
    BENCH_CACHE_URL="unix://$scratch/redis.sock?db=0"
fi
# Every request counts in the rate limits, as in production, but the benchmark
# (one client) is never refused.
export CACHE_URL=$BENCH_CACHE_URL
export SEARCH_REQUESTS_PER_MINUTE=1000000000 API_REQUESTS_PER_MINUTE=1000000000
export PAGE_REQUESTS_PER_MINUTE=1000000000 WIDGET_REQUESTS_PER_MINUTE=1000000000
{
    echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "# rate limits counted in CACHE_URL=${CACHE_URL%%:*}://..."
    # As in production: DEBUG off (no query log, cached templates).
    export DEBUG=false SECRET_KEY=bench-only ALLOWED_HOSTS=127.0.0.1
    if [ -z "${BENCH_LOAD_ONLY:-}" ]; then
        .venv/bin/python bench/search.py --explain --http "$@"
    fi

    # gunicorn.conf.py as in production (preload_app: the site, the gazetteer and
    # the frozen heap loaded once and shared by the workers); the access log to
    # a file, as a server writes one, not into the output.
    # Its database sessions are named, so their CPU time can be read below.
    separator="?"; [[ $DATABASE_URL == *\?* ]] && separator="&"
    DATABASE_URL="$DATABASE_URL${separator}application_name=bench-api" \
    .venv/bin/gunicorn config.wsgi --config gunicorn.conf.py --preload \
        --bind "127.0.0.1:$PORT" --workers "$WORKERS" --log-level warning \
        --access-logfile "$scratch/access.log" &
    server=$!
    trap 'kill $server' EXIT
    # Loading the site takes seconds on a busy machine.
    for _ in $(seq 300); do
        curl -fs "http://127.0.0.1:$PORT/api/v1/specialists/?location=10001" >/dev/null && break
        kill -0 $server 2>/dev/null || { echo "gunicorn did not start"; exit 1; }
        sleep 0.2
    done
    # CPU time spent on the load, whatever else runs on the machine: gunicorn's
    # workers, their PostgreSQL sessions and Redis, before and after.
    pids() {
        pgrep -P $server
        psql "${DATABASE_URL/postgis:/postgresql:}" -Atc \
            "SELECT pid FROM pg_stat_activity WHERE application_name = 'bench-api'"
        [ -n "${redis:-}" ] && echo "$redis"
    }
    cpu() {  # user + system clock ticks of each process, as "pid ticks" lines
        for pid in "$@"; do
            [ -r "/proc/$pid/stat" ] && echo "$pid $(awk '{print $14 + $15}' "/proc/$pid/stat")"
        done
    }
    load() {  # one wrk script (bench/<mix>.lua): latency, then CPU a request
        local mix=$1
        echo
        echo "wrk $mix: $WORKERS gunicorn workers, $CONNECTIONS connections, $DURATION, load $(cut -d' ' -f1-3 /proc/loadavg)"
        # Every worker warm first (its connection, PostGIS's caches, the catalog).
        wrk --threads 2 --connections "$CONNECTIONS" --duration 3s \
            --script "bench/$mix.lua" "http://127.0.0.1:$PORT" >/dev/null
        before=$(cpu $(pids))
        wrk --threads 2 --connections "$CONNECTIONS" --duration "$DURATION" --latency \
            --script "bench/$mix.lua" "http://127.0.0.1:$PORT" | tee "$scratch/wrk.txt"
        after=$(cpu $(pids))
        requests=$(sed -n 's/^[a-z ]*mix: \([0-9]*\) requests.*/\1/p' "$scratch/wrk.txt")
        # Sessions opened during the run count from 0.
        awk -v requests="$requests" -v hz="$(getconf CLK_TCK)" -v redis="${redis:-}" \
            -v server="$server" -v workers="$(pgrep -P $server | tr '\n' ' ')" '
            FNR == NR { start[$1] = $2; next }
            { used = $2 - start[$1]; total += used
              if ($1 == redis) r += used; else if (index(" " workers, " " $1 " ")) g += used; else p += used }
            END { ms = 1000 / hz / requests
                  printf "CPU a request: gunicorn %.1f ms, PostgreSQL %.1f ms, Redis %.1f ms; " \
                         "%.1f ms in all: at most %.0f requests/s on 2 idle cores\n",
                         g * ms, p * ms, r * ms, total * ms, 2000 / (total * ms) }
        ' <(echo "$before") <(echo "$after")
    }
    load api_mix
    # The search page, rendered: the 16 cases of search.py.
    load find_mix
    echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
} 2>&1 | tee "$out"
echo "saved in $out"

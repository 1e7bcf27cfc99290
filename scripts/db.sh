#!/usr/bin/env bash
# The project's own PostgreSQL + PostGIS cluster, kept in .data/ of the checkout.
# It listens on a Unix socket only, so it never collides with another server.
# initdb and postgres refuse to run as root, so they run as the "postgres" user
# that Debian's package creates.
#   scripts/db.sh start | stop | status | psql | destroy
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

PG_BIN=/usr/lib/postgresql/15/bin

as_postgres() { (cd / && runuser -u postgres -- "$@"); }

# The postgres user must reach the cluster's folders. A checkout it cannot
# enter (in root's home, /root being 0700, or under a 0700 temporary folder)
# keeps its cluster in postgres's own home instead, in a folder named after
# the checkout's path, so two checkouts never share one; .data/run then links
# to its socket folder, where the settings look for it.
STATE="$root/.data"
if ! as_postgres test -x "$root"; then
    key=$(printf '%s' "$root" | sha256sum | cut -c1-16)
    STATE="/var/lib/postgresql/specialist-finder/$key"
fi
DATA="$STATE/pg"
SOCKET_DIR="$STATE/run"
LOG="$STATE/postgres.log"
PORT=5432
DB_NAME=specialist_finder
# Short queries (no JIT), and room for a search's working set at national scale
# (bench/RESULTS.md): PostgreSQL's 128 MB default re-reads it from the OS cache.
# A local cluster need not wait for the disk at each commit: a crash may lose the
# last moment's writes, never corrupt the database (synchronous_commit=off).
# The site's own connections choose their durability (DATABASE_SYNCHRONOUS_COMMIT,
# on unless `make run` or `make test` turn it off), whatever this default says.
TUNING="-c jit=off -c shared_buffers=512MB -c synchronous_commit=off"

start() {
    install -d -m 755 "$root/.data"
    if [ "$STATE" != "$root/.data" ]; then
        install -d -o postgres -g postgres -m 700 "$STATE"
        printf '%s\n' "$root" > "$STATE/checkout"
        if [ ! -L "$root/.data/run" ]; then
            rm -rf "$root/.data/run"
            ln -s "$SOCKET_DIR" "$root/.data/run"
        fi
    fi
    install -d -o postgres -g postgres -m 755 "$SOCKET_DIR"
    if [ ! -s "$DATA/PG_VERSION" ]; then
        echo "db: creating the cluster in $DATA"
        install -d -o postgres -g postgres -m 700 "$DATA"
        as_postgres "$PG_BIN/initdb" -D "$DATA" -U postgres -A trust -E UTF8 \
            --locale=C.UTF-8 >/dev/null
    fi
    touch "$LOG" && chown postgres:postgres "$LOG"
    if ! as_postgres "$PG_BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
        as_postgres "$PG_BIN/pg_ctl" -D "$DATA" -l "$LOG" -w \
            -o "-c listen_addresses='' -k $SOCKET_DIR -p $PORT $TUNING" start >/dev/null
        echo "db: started (socket in $SOCKET_DIR)"
    fi
    if ! psql_cmd -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'" \
        | grep -q 1; then
        psql_cmd -qc "CREATE DATABASE $DB_NAME"
    fi
    psql_cmd -d "$DB_NAME" -qc "CREATE EXTENSION IF NOT EXISTS postgis" 2>/dev/null
}

stop() {
    if [ -s "$DATA/PG_VERSION" ]; then
        as_postgres "$PG_BIN/pg_ctl" -D "$DATA" -m fast stop || true
    fi
}

# Stops the cluster and deletes it with all its data.
destroy() {
    stop
    rm -rf "$DATA" "$SOCKET_DIR" "$LOG" "$root/.data/run"
    if [ "$STATE" != "$root/.data" ]; then
        rm -rf "$STATE"
    fi
}

psql_cmd() { psql -X -h "$SOCKET_DIR" -p "$PORT" -U postgres "$@"; }

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) as_postgres "$PG_BIN/pg_ctl" -D "$DATA" status ;;
    psql) shift; psql_cmd -d "$DB_NAME" "$@" ;;
    destroy) destroy ;;
    *) echo "usage: scripts/db.sh start|stop|status|psql|destroy" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# A full copy of the database and back, with PostgreSQL's own tools.
#   scripts/backup.sh backup [FILE]    pg_dump's custom format (default:
#                                      backups/specialist_finder-<UTC time>.dump)
#   scripts/backup.sh restore FILE     replaces every table with the copy's
# The database is DATABASE_URL's, or the project's own cluster without it.
set -euo pipefail
cd "$(dirname "$0")/.."
# A copy holds every account's password hash and every report: readable by its
# owner only (files 0600, a new backups/ folder 0700), whatever the caller's umask.
umask 077

PG_BIN=/usr/lib/postgresql/15/bin

if [ -n "${DATABASE_URL:-}" ]; then
    # libpq takes postgresql://, the same URL otherwise.
    url="postgresql://${DATABASE_URL#*://}"
else
    scripts/db.sh start >/dev/null
    url="postgresql://postgres@/specialist_finder?host=$(pwd)/.data/run"
fi

case "${1:-}" in
    backup)
        file="${2:-backups/specialist_finder-$(date -u +%Y%m%dT%H%M%SZ).dump}"
        mkdir -p "$(dirname "$file")"
        "$PG_BIN/pg_dump" --format=custom --no-owner --file="$file" "$url"
        chmod 600 "$file"  # pg_dump may write over an older, wider file
        echo "backup: wrote $file ($(du -h "$file" | cut -f1))"
        ;;
    restore)
        file="${2:?usage: scripts/backup.sh restore FILE}"
        [ -s "$file" ] || { echo "restore: no backup at $file" >&2; exit 2; }
        # One transaction: a restore that fails leaves the database as it was.
        "$PG_BIN/pg_restore" --clean --if-exists --no-owner --single-transaction \
            --exit-on-error --dbname="$url" "$file"
        echo "restore: restored $file"
        ;;
    *) echo "usage: scripts/backup.sh backup [FILE] | restore FILE" >&2; exit 2 ;;
esac

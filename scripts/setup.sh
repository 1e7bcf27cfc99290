#!/usr/bin/env bash
# Installs what the project needs and starts its database. Safe to re-run:
# each step checks first and does nothing when it is already done.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES="postgresql-15 postgresql-15-postgis-3 chromium redis-server"

missing=""
for pkg in $APT_PACKAGES; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing="$missing $pkg"
done
if [ -n "$missing" ]; then
    echo "setup: installing system packages:$missing"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
fi

if [ ! -x .venv/bin/python ]; then
    echo "setup: creating .venv"
    python3 -m venv .venv
fi
stamp=.venv/.requirements.sha256
wanted=$(sha256sum requirements.txt | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
    echo "setup: installing Python packages"
    .venv/bin/pip install --quiet --disable-pip-version-check -r requirements.txt \
        2> >(grep -v "is ignored: it is neither" >&2)
    echo "$wanted" > "$stamp"
fi

if [ -z "${DATABASE_URL:-}" ]; then
    scripts/db.sh start
fi

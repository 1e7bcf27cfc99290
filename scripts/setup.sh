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

# Front-end packages from npm at the versions package-lock.json pins; the site
# serves them itself (STATICFILES_DIRS in the settings), never from a CDN.
if ! command -v npm >/dev/null 2>&1; then
    echo "setup: installing nodejs and npm"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm
fi
npm_stamp=node_modules/.package-lock.sha256
npm_wanted=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat "$npm_stamp" 2>/dev/null)" != "$npm_wanted" ]; then
    echo "setup: installing front-end packages"
    npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
    echo "$npm_wanted" > "$npm_stamp"
fi

if [ -z "${DATABASE_URL:-}" ]; then
    scripts/db.sh start
fi

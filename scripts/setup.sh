#!/usr/bin/env bash
# Installs what a fresh clone needs: Node dependencies (Yarn 4, committed in .yarn/releases) and,
# with --test, Debian's Chromium for the end-to-end tests and a running PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."

major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 20 ]; then
  echo "Node.js 20 or newer is required (found $(node --version))" >&2
  exit 2
fi

# better-sqlite3 compiles from source here; node-gyp must use the installed Node headers
# instead of downloading them.
if [ -z "${npm_config_nodedir:-}" ] && [ -f /usr/include/node/node.h ]; then
  export npm_config_nodedir=/usr
fi

yarn() { node .yarn/releases/yarn-4.13.0.cjs "$@"; }

if [ "${CI:-}" = "true" ]; then
  yarn install --immutable
else
  yarn install
fi

if [ "${1:-}" = "--test" ]; then
  if ! command -v chromium >/dev/null 2>&1; then
    echo "Installing Debian's chromium for the end-to-end tests"
    if [ "$(id -u)" = 0 ]; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    else
      sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    fi
  fi
  if command -v pg_ctlcluster >/dev/null 2>&1 && ! pg_isready -h 127.0.0.1 -p 5432 -q; then
    echo "Starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start
  fi
fi

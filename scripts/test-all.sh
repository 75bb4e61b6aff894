#!/usr/bin/env bash
# README command 2: set up a fresh clone and run every test (type-check, lint, unit, integration
# on SQLite and PostgreSQL, end-to-end in Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
exec node .yarn/releases/yarn-4.13.0.cjs test

#!/usr/bin/env bash
# README command 1: set up a fresh clone and run the demo (example clusters, backend :7007, app :3000).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec node .yarn/releases/yarn-4.13.0.cjs demo

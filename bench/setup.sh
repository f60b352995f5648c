#!/usr/bin/env bash
# Install what the benchmarks need: the pinned reference gateways and composition
# (npm ci in bench/ and, if missing, tests/reference/) and wrk (Debian package).
# Safe to run again: npm ci is skipped while node_modules matches package-lock.json.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

npm_ci() {  # npm_ci DIR: install DIR's lock file unless node_modules already matches it
  local dir="$1"
  if [ -f "$dir/node_modules/.package-lock.json" ] &&
     [ "$dir/node_modules/.package-lock.json" -nt "$dir/package-lock.json" ]; then
    echo "$dir: node_modules up to date"
  else
    (cd "$dir" && npm ci --no-audit --no-fund)
  fi
}

command -v node >/dev/null || { echo "node is required (Node.js >= 20)" >&2; exit 1; }
npm_ci "$here"
npm_ci "$here/../tests/reference"

if ! command -v wrk >/dev/null; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq wrk
  else
    echo "wrk not installed (apt-get install wrk); the harness falls back to its Python load generator" >&2
  fi
fi
command -v taskset >/dev/null || echo "taskset missing (util-linux): processes will not be pinned" >&2
echo "bench setup done"

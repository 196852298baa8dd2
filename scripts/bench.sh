#!/usr/bin/env bash
# npm run bench [-- --quick]: build, then measure (bench/bench.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CIVIC_TOOLS:-$HOME/.cache/civic-a11y/tools}/bin:$PATH"
bash scripts/setup.sh --browser
node scripts/build.mjs
cargo build --release -p civic-rating-server --quiet
if [[ " $* " != *" --quick "* ]]; then
  [ -f bench/node_modules/.package-lock.json ] || (cd bench && npm ci --no-audit --no-fund --loglevel=error)
  bash scripts/setup.sh --postgres
fi
node bench/bench.mjs "$@"

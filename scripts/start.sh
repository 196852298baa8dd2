#!/usr/bin/env bash
# npm start: build everything, then serve the demo portal, pkg/ and the rating API
# (ratings in data/ratings.sqlite3) on http://127.0.0.1:${PORT:-8080}.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
node scripts/build.mjs
cargo build --release -p civic-rating-server --quiet
# The seed portal's historic visit figures, as a portal brings them from its old counter (once).
target/release/civic-server stats import --if-empty --db "${DATABASE_URL:-data/ratings.sqlite3}" \
  --total 61296415 --year 1705031 --month 206138 --yesterday 15254 --today 20473 >/dev/null
exec target/release/civic-server --port "${PORT:-8080}" --db "${DATABASE_URL:-data/ratings.sqlite3}" \
  --static /=www --static /pkg/=pkg --static /fixtures/=tests/fixtures --strict-csp / "$@"

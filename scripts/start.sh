#!/usr/bin/env bash
# npm start: build everything, then serve the demo portal, pkg/ and the rating API
# (ratings in data/ratings.sqlite3) on http://127.0.0.1:${PORT:-8080}.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
node scripts/build.mjs
cargo build --release -p civic-rating-server --quiet
exec target/release/civic-server --port "${PORT:-8080}" --db "${DATABASE_URL:-data/ratings.sqlite3}" \
  --static /=www --static /pkg/=pkg --static /fixtures/=tests/fixtures --strict-csp / "$@"

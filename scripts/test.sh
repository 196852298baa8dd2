#!/usr/bin/env bash
# npm test: every layer, stopping at the first that fails.
# Installs what a fresh machine lacks (scripts/setup.sh) and skips what is there.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CIVIC_TOOLS:-$HOME/.cache/civic-a11y/tools}/bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"

bash scripts/setup.sh --browser --wasm-tests --engines --postgres

steps=0
step() {
  local name="$1"; shift
  steps=$((steps + 1))
  printf '\n\033[1m== %s\033[0m\n' "$name"
  local t0=$SECONDS
  "$@"
  printf '\033[1m== %s: ok (%ss)\033[0m\n' "$name" $((SECONDS - t0))
}

step "format" cargo fmt --all --check
step "clippy (host)" cargo clippy --workspace --all-targets --quiet -- -D warnings
step "clippy (wasm32)" cargo clippy -p civic-a11y --target wasm32-unknown-unknown --all-targets --quiet -- -D warnings
step "no panics on input paths" bash scripts/check-panics.sh
# A real PostgreSQL for the server's protocol suite (throwaway cluster, stopped on exit).
eval "$(bash scripts/pg.sh)"
trap 'bash scripts/pg.sh stop "$CIVIC_PG_DIR"' EXIT
step "native tests (core + server on SQLite and PostgreSQL)" cargo test --workspace --quiet
step "fuzz core/ parsers (cargo fuzz, 15 s)" bash scripts/fuzz.sh 15
step "build pkg/" node scripts/build.mjs
step "server build" cargo build --release -p civic-rating-server --quiet
# Driven by Playwright, not ChromeDriver: see tests/browser-runner.mjs.
step "browser tests (wasm-bindgen-test, headless Chromium)" node tests/browser-runner.mjs
step "end-to-end tests (Playwright + axe, headless Chromium)" node --test --test-concurrency=1 tests/e2e/
step "Gecko and WebKit (firefox-esr, WebKitGTK MiniBrowser)" node tests/engines/run.mjs firefox webkit
step "bytes budget" node bench/bench.mjs --quick
printf '\nlayers: %d passed, 0 failed\n' "$steps"

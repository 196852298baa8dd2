#!/usr/bin/env bash
# cargo fuzz over every core/ parser (config, steps/CSS values, share URLs, rating replies,
# labels).  scripts/fuzz.sh [SECONDS]   (default 30; npm test runs a short pass)
# Needs a nightly toolchain and cargo-fuzz; installs both when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
TOOLS="${CIVIC_TOOLS:-$HOME/.cache/civic-a11y/tools}"
export PATH="$TOOLS/bin:$PATH"
secs="${1:-30}"
NIGHTLY="$(cat scripts/nightly-version)"
rustup run "$NIGHTLY" rustc --version >/dev/null 2>&1 || rustup toolchain install "$NIGHTLY" --profile minimal --component rust-src
command -v cargo-fuzz >/dev/null || cargo "+$NIGHTLY" install cargo-fuzz --root "$TOOLS" --quiet
mkdir -p fuzz/corpus/parsers
cargo "+$NIGHTLY" fuzz run parsers --fuzz-dir fuzz -- -max_total_time="$secs" -max_len=4096 -print_final_stats=0 2>&1 \
  | grep -E 'Done [0-9]+ runs|ERROR|panicked|SUMMARY' || true
# libFuzzer exits non-zero on a crash; pipefail is disabled for the grep above, so check artifacts.
if ls fuzz/artifacts/parsers/crash-* >/dev/null 2>&1; then
  echo "fuzz: crash found, see fuzz/artifacts/parsers/"; exit 1
fi
echo "fuzz: no crash in ${secs}s"

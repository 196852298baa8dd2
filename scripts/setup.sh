#!/usr/bin/env bash
# Installs what a fresh machine lacks, and skips what is already there.
#   scripts/setup.sh            build tools: wasm32 target, the pinned nightly, npm packages
#   scripts/setup.sh --browser  also Debian chromium + chromedriver (tests, bench)
#   scripts/setup.sh --wasm-tests also the pinned wasm-bindgen-cli: its test runner runs
#                               tests/browser.rs (the build itself has no wasm-bindgen)
#   scripts/setup.sh --postgres also Debian postgresql (server tests)
#   scripts/setup.sh --engines  also Debian firefox-esr, webkit2gtk-driver and xvfb (Gecko and
#                               WebKit tests; Playwright's own builds cannot be downloaded here)
set -euo pipefail
cd "$(dirname "$0")/.."

TOOLS="${CIVIC_TOOLS:-$HOME/.cache/civic-a11y/tools}"
# The CLI must match the wasm-bindgen crate exactly; Cargo.toml pins it with "=".
WBG_VERSION="$(sed -n 's/^wasm-bindgen = .*"=\([0-9.]*\)".*/\1/p' Cargo.toml)"

log() { printf '\033[1msetup:\033[0m %s\n' "$*" >&2; }

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# The pinned nightly builds the smallest Wasm (std with panic=immediate-abort) and runs cargo fuzz.
# Best effort: without it the build falls back to stable.
NIGHTLY="$(cat scripts/nightly-version)"
if ! rustup component list --installed --toolchain "$NIGHTLY" 2>/dev/null | grep -q rust-src; then
  log "installing $NIGHTLY (rust-src) for the smallest build"
  rustup toolchain install "$NIGHTLY" --profile minimal --component rust-src --target wasm32-unknown-unknown >/dev/null 2>&1 \
    || log "could not install $NIGHTLY: building with stable instead (about 22 KB larger)"
fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
fi

apt_install() {
  if [ "$(id -u)" != 0 ]; then
    log "please install: $* (needs root)"; exit 1
  fi
  if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mmin -1440 2>/dev/null | head -1)" ]; then
    apt-get update -qq
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

for arg in "$@"; do
  case "$arg" in
    --browser)
      if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
        log "installing Debian chromium + chromium-driver"
        apt_install chromium chromium-driver
      fi ;;
    --wasm-tests)
      if ! "$TOOLS/bin/wasm-bindgen" --version 2>/dev/null | grep -q " $WBG_VERSION\$"; then
        log "installing wasm-bindgen-cli $WBG_VERSION into $TOOLS (about 5 minutes, once)"
        # Not --locked: 0.2.130's lockfile wants a webpki-roots the registry here lacks.
        cargo install wasm-bindgen-cli --version "$WBG_VERSION" --root "$TOOLS" --quiet
      fi ;;
    --engines)
      if ! command -v firefox-esr >/dev/null || ! command -v WebKitWebDriver >/dev/null || ! command -v Xvfb >/dev/null; then
        log "installing Debian firefox-esr, webkit2gtk-driver and xvfb"
        apt_install firefox-esr webkit2gtk-driver xvfb
      fi ;;
    --postgres)
      if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
        log "installing Debian postgresql"
        apt_install postgresql
      fi ;;
  esac
done

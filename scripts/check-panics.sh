#!/usr/bin/env bash
# A panic aborts the Wasm instance and every widget on the page. Non-test code in src/ must not
# unwrap, expect or panic (clippy denies them too; this also catches macros clippy lets through).
set -euo pipefail
cd "$(dirname "$0")/.."
hits=$(awk '
  FNR == 1 { skip = 0 }
  /#\[cfg\(test\)\]/ { skip = 1 }
  !skip && /\.unwrap\(\)|\.expect\(|panic!\(|unreachable!\(|todo!\(|unimplemented!\(/ { print FILENAME ":" FNR ": " $0 }
' $(find src -name '*.rs'))
if [ -n "$hits" ]; then
  echo "panicking calls outside tests:"; echo "$hits"; exit 1
fi
echo "no unwrap/expect/panic outside tests in src/"
